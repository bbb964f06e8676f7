package io.conv4j.models;

/**
 * Wall time one layer call of a model took, summed over the forward and backward passes since the model was
 * started recording ({@link Model#recordLayerTimes}; it costs two clock reads per layer and pass).
 *
 * @param layer      the layer's name
 * @param forwards   how many forward passes were timed
 * @param forwardMs  total forward time, milliseconds
 * @param backwards  how many backward passes were timed
 * @param backwardMs total backward time, milliseconds
 */
public record LayerTime(String layer, long forwards, double forwardMs, long backwards, double backwardMs) {
}
