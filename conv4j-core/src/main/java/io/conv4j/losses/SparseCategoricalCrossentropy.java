package io.conv4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conv4j.activations.ActivationFunction;
import io.conv4j.activations.Activations;
import io.conv4j.kernels.Denormals;
import io.conv4j.tensor.Tensor;

/**
 * Keras's {@code sparse_categorical_crossentropy}: integer class labels, one per row. On probabilities
 * it clips to [1e-7, 1 - 1e-7] then renormalises (TensorFlow's order); with logits it is exact.
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** Keras's default: predictions are probabilities ({@code from_logits=False}). */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /**
     * Keras's {@code SparseCategoricalCrossentropy(from_logits)}.
     *
     * @param fromLogits true when predictions are raw scores (no softmax on the output layer)
     */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super("sparse_categorical_crossentropy");
        this.fromLogits = fromLogits;
    }

    /** Whether predictions are raw scores rather than probabilities. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public int labelsPerRow(int cols) {
        return 1;
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
            int label = (int) y[yOff + r];
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += CrossEntropy.clip(p[pr + j], EPSILON);
            }
            float pl = CrossEntropy.clip(p[pr + label], EPSILON);
            total += Math.log(sum) - Math.log(pl);
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    float pj = p[pr + j];
                    boolean clipped = CrossEntropy.clip(pj, EPSILON) != pj;
                    double d = 1.0 / sum - (j == label ? 1.0 / pj : 0.0);
                    grad[gOff + r * cols + j] = clipped ? 0f : (float) d * invRows;
                }
            }
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
            int label = (int) y[yOff + r];
            double lse = CrossEntropy.logSumExp(z, zr, cols);
            total += lse - z[zr + label];
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    double softmax = Math.exp(z[zr + j] - lse);
                    float g = (float) (softmax - (j == label ? 1.0 : 0.0)) * invRows;
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
            float v = labels.getFlat(i);
            if (v != Math.rint(v) || v < 0 || v >= cols) {
                throw new IllegalArgumentException("label " + v + " at index " + i + " is out of range: the model has "
                        + cols + " classes, so " + name() + " needs integer labels in [0, " + (cols - 1) + "]");
            }
        }
    }

    @Override
    public ObjectNode config() {
        ObjectNode c = super.config();
        c.put("from_logits", fromLogits);
        c.putNull("ignore_class");
        return c;
    }
}
