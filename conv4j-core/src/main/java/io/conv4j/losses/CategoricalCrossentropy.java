package io.conv4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conv4j.activations.ActivationFunction;
import io.conv4j.activations.Activations;
import io.conv4j.kernels.Denormals;
import io.conv4j.tensor.Tensor;

/**
 * Keras's {@code categorical_crossentropy} on one-hot (or soft) labels: {@code -sum(y * log p)}, with
 * probabilities renormalised to sum to one and clipped to [1e-7, 1 - 1e-7]; or exact log-softmax when
 * {@code fromLogits} (or fused with a softmax output).
 */
public final class CategoricalCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;
    /** {@link #labelSmoothing} as the float the per-value arithmetic uses. */
    private final float smoothing;

    /** Keras's defaults: predictions are probabilities ({@code from_logits=False}), no label smoothing. */
    public CategoricalCrossentropy() {
        this(false, 0);
    }

    /**
     * Keras's arguments in Keras's order: {@code new CategoricalCrossentropy(false, 0.1)}.
     *
     * @param fromLogits     true when predictions are raw scores (no softmax on the output layer)
     * @param labelSmoothing s in [0, 1]: each label y becomes y (1 - s) + s / classes
     */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        super("categorical_crossentropy");
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

    private float label(float[] y, int i, int cols) {
        return smoothing == 0f ? y[i] : y[i] * (1f - smoothing) + smoothing / cols;
    }

    @Override
    public double compute(float[] p, int pOff, float[] y, int yOff, int rows, int cols, float[] grad, int gOff) {
        if (fromLogits) {
            return computeFromLogits(p, pOff, y, yOff, rows, cols, grad, gOff);
        }
        double total = 0;
        float invRows = 1f / rows;
        for (int r = 0; r < rows; r++) {
            int pr = pOff + r * cols;
            int yr = yOff + r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += p[pr + j];
            }
            float s = (float) sum;
            double rowLoss = 0;
            double weighted = 0;
            for (int j = 0; j < cols; j++) {
                float q = p[pr + j] / s;
                float qc = CrossEntropy.clip(q, EPSILON);
                float yj = label(y, yr + j, cols);
                rowLoss -= yj * Math.log(qc);
                // d(-y log q)/dq, zero where the clip is active.
                float dq = qc == q ? -yj / q : 0f;
                weighted += dq * q;
                if (grad != null) {
                    grad[gOff + r * cols + j] = dq;
                }
            }
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    int gi = gOff + r * cols + j;
                    grad[gi] = (float) ((grad[gi] - weighted) / s) * invRows;
                }
            }
            total += rowLoss;
        }
        return total / rows;
    }

    @Override
    public ActivationFunction fusableActivation() {
        return fromLogits ? null : Activations.SOFTMAX;
    }

    @Override
    public double computeFromLogits(float[] z, int zOff, float[] y, int yOff, int rows, int cols, float[] grad, int gOff) {
        double total = 0;
        float invRows = 1f / rows;
        for (int r = 0; r < rows; r++) {
            int zr = zOff + r * cols;
            int yr = yOff + r * cols;
            double lse = CrossEntropy.logSumExp(z, zr, cols);
            double labelSum = 0;
            for (int j = 0; j < cols; j++) {
                float yj = label(y, yr + j, cols);
                labelSum += yj;
                total += yj * (lse - z[zr + j]);
            }
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    double softmax = Math.exp(z[zr + j] - lse);
                    float g = (float) (labelSum * softmax - label(y, yr + j, cols)) * invRows;
                    grad[gOff + r * cols + j] = Denormals.flush(g);
                }
            }
        }
        return total / rows;
    }

    @Override
    public void validateLabels(Tensor labels, int cols) {
        super.validateLabels(labels, cols);
        for (int i = 0; i < labels.size(); i++) {
            if (labels.getFlat(i) < 0f) {
                throw new IllegalArgumentException(name() + " needs non-negative (one-hot) labels, found "
                        + labels.getFlat(i) + " at flat index " + i);
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
