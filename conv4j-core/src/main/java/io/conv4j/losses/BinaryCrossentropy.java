package io.conv4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conv4j.activations.ActivationFunction;
import io.conv4j.activations.Activations;
import io.conv4j.kernels.Denormals;
import io.conv4j.tensor.Tensor;

/**
 * Keras's {@code binary_crossentropy} as tf.keras 2 computes it: p clipped to [1e-7, 1 - 1e-7], then per
 * value {@code -(y log(p + 1e-7) + (1 - y) log(1 - p + 1e-7))}, averaged over the last axis; exact on logits
 * when {@code fromLogits} or fused with a sigmoid output. (Keras 3 dropped the epsilon inside the logs,
 * which changes the loss of a saturated wrong prediction by up to log 2.)
 */
public final class BinaryCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;
    /** {@link #labelSmoothing} as the float the per-value arithmetic uses. */
    private final float smoothing;

    /** Keras's defaults: predictions are probabilities ({@code from_logits=False}), no label smoothing. */
    public BinaryCrossentropy() {
        this(false, 0);
    }

    /**
     * Keras's arguments in Keras's order: {@code new BinaryCrossentropy(false, 0.1)}.
     *
     * @param fromLogits     true when predictions are raw scores (no sigmoid on the output layer)
     * @param labelSmoothing s in [0, 1]: each label y becomes y (1 - s) + s / 2
     */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        super("binary_crossentropy");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.smoothing = (float) labelSmoothing;
    }

    /** Whether predictions are raw scores rather than probabilities. */
    public boolean fromLogits() {
        return fromLogits;
    }

    private float label(float y) {
        return smoothing == 0f ? y : y * (1f - smoothing) + 0.5f * smoothing;
    }

    @Override
    public double compute(float[] p, int pOff, float[] y, int yOff, int rows, int cols, float[] grad, int gOff) {
        if (fromLogits) {
            return computeFromLogits(p, pOff, y, yOff, rows, cols, grad, gOff);
        }
        double total = 0;
        int n = rows * cols;
        float scale = 1f / n;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float pc = CrossEntropy.clip(pi, EPSILON);
            float yi = label(y[yOff + i]);
            float p1 = pc + EPSILON;
            float p0 = 1f - pc + EPSILON;
            total -= yi * Math.log(p1) + (1f - yi) * Math.log(p0);
            if (grad != null) {
                grad[gOff + i] = pc == pi ? (-yi / p1 + (1f - yi) / p0) * scale : 0f;
            }
        }
        return total / n;
    }

    @Override
    public ActivationFunction fusableActivation() {
        return fromLogits ? null : Activations.SIGMOID;
    }

    @Override
    public double computeFromLogits(float[] z, int zOff, float[] y, int yOff, int rows, int cols, float[] grad, int gOff) {
        double total = 0;
        int n = rows * cols;
        float scale = 1f / n;
        for (int i = 0; i < n; i++) {
            double zi = z[zOff + i];
            float yi = label(y[yOff + i]);
            total += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
            if (grad != null) {
                double sigmoid = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
                grad[gOff + i] = Denormals.flush((float) (sigmoid - yi) * scale);
            }
        }
        return total / n;
    }

    @Override
    public void validateLabels(Tensor labels, int cols) {
        super.validateLabels(labels, cols);
        for (int i = 0; i < labels.size(); i++) {
            float v = labels.getFlat(i);
            if (v < 0f || v > 1f) {
                throw new IllegalArgumentException(name() + " needs labels in [0, 1], found " + v + " at index " + i);
            }
        }
    }

    @Override
    public ObjectNode config() {
        ObjectNode c = super.config();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", -1);
        return c;
    }
}
