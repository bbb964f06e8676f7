package io.conv4j.activations;

import io.conv4j.kernels.Denormals;

/** Softmax over the last axis, computed stably (the row maximum is subtracted first). */
final class Softmax implements ActivationFunction {
    static final Softmax INSTANCE = new Softmax();

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public void forward(float[] z, int zOff, float[] a, int aOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int zi = zOff + r * cols;
            int ai = aOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[zi + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = Denormals.flush((float) Math.exp(z[zi + j] - max));
                a[ai + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) {
                a[ai + j] = Denormals.flush(a[ai + j] * inv);
            }
        }
    }

    @Override
    public void backward(float[] z, int zOff, float[] a, int aOff, float[] gradA, int gOff,
                         float[] gradZ, int gzOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int ai = aOff + r * cols;
            int gi = gOff + r * cols;
            int gz = gzOff + r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) gradA[gi + j] * a[ai + j];
            }
            for (int j = 0; j < cols; j++) {
                gradZ[gz + j] = a[ai + j] * (gradA[gi + j] - (float) dot);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
