package io.conv4j.losses;

import static io.conv4j.testing.GradientCheck.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conv4j.regularizers.Regularizer;
import io.conv4j.tensor.Tensor;
import io.conv4j.testing.GradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numeric gradient checks of every loss (on probabilities and on logits) and regularizer. */
class LossGradientTest {
    private static final int ROWS = 4;
    private static final int COLS = 3;

    /** Rows of probabilities, none below 0.05 so a small perturbation never reaches the clip. */
    private static Tensor probabilities(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor p = Tensor.zeros(ROWS, COLS);
        for (int i = 0; i < ROWS; i++) {
            double[] v = new double[COLS];
            double sum = 0;
            for (int j = 0; j < COLS; j++) {
                v[j] = 0.2 + r.nextDouble();
                sum += v[j];
            }
            for (int j = 0; j < COLS; j++) {
                p.set((float) (v[j] / sum), i, j);
            }
        }
        return p;
    }

    private static Tensor oneHot() {
        Tensor y = Tensor.zeros(ROWS, COLS);
        for (int i = 0; i < ROWS; i++) {
            y.set(1f, i, (i * 2) % COLS);
        }
        return y;
    }

    private static Tensor sparse() {
        Tensor y = Tensor.zeros(ROWS);
        for (int i = 0; i < ROWS; i++) {
            y.setFlat(i, (i * 2) % COLS);
        }
        return y;
    }

    private static Tensor binary() {
        Tensor y = Tensor.zeros(ROWS, COLS);
        for (int i = 0; i < y.size(); i++) {
            y.setFlat(i, i % 3 == 0 ? 1f : 0f);
        }
        return y;
    }

    private static void checkLoss(Loss loss, Tensor pred, Tensor labels, double h) {
        Tensor grad = Tensor.zeros(pred.shape());
        loss.compute(pred, labels, grad);
        check(loss.name(), () -> loss.compute(pred, labels, null), pred, grad.toArray());
        assertEquals(loss.compute(pred, labels, null), loss.compute(pred, labels, Tensor.zeros(pred.shape())), 0.0);
    }

    @Test
    void crossEntropiesOnProbabilities() {
        checkLoss(new CategoricalCrossentropy(), probabilities(1), oneHot(), 1e-3);
        checkLoss(new CategoricalCrossentropy(false, 0.1), probabilities(2), oneHot(), 1e-3);
        checkLoss(new SparseCategoricalCrossentropy(), probabilities(3), sparse(), 1e-3);
        checkLoss(new BinaryCrossentropy(), probabilities(4), binary(), 1e-3);
        checkLoss(new BinaryCrossentropy(false, 0.2), probabilities(5), binary(), 1e-3);
    }

    @Test
    void crossEntropiesOnLogits() {
        checkLoss(new CategoricalCrossentropy(true, 0), GradientCheck.random(new int[] {ROWS, COLS}, 6), oneHot(), 1e-2);
        checkLoss(new SparseCategoricalCrossentropy(true), GradientCheck.random(new int[] {ROWS, COLS}, 7), sparse(), 1e-2);
        checkLoss(new BinaryCrossentropy(true, 0), GradientCheck.random(new int[] {ROWS, COLS}, 8), binary(), 1e-2);
    }

    @Test
    void fusedFormsMatchTheirGradients() {
        for (Loss loss : List.of(new CategoricalCrossentropy(), new SparseCategoricalCrossentropy(), new BinaryCrossentropy())) {
            Tensor z = GradientCheck.random(new int[] {ROWS, COLS}, 9);
            Tensor labels = loss instanceof SparseCategoricalCrossentropy ? sparse()
                    : loss instanceof BinaryCrossentropy ? binary() : oneHot();
            Tensor grad = Tensor.zeros(z.shape());
            loss.computeFromLogits(z.data(), 0, labels.data(), 0, ROWS, COLS, grad.data(), 0);
            check(loss.name() + " fused", () -> loss.computeFromLogits(z.data(), 0, labels.data(), 0, ROWS, COLS, null, 0),
                    z, grad.toArray());
        }
    }

    /**
     * A confident network's logits (a gap of 95: exp(-95) is about 5e-42, a subnormal float) give gradients of
     * exactly zero for the unlikely classes, as under TensorFlow's flush-to-zero, never subnormals, which slow
     * every GEMM they reach a hundredfold on Intel cores.
     */
    @Test
    void confidentLogitsGiveZeroNotSubnormalGradients() {
        float[] z = {95f, 0f, 0f, 95f, 0f, 0f, 95f, 0f, 0f, 95f, 0f, 0f};
        for (Loss loss : List.of(new CategoricalCrossentropy(), new SparseCategoricalCrossentropy(), new BinaryCrossentropy())) {
            Tensor labels = loss instanceof SparseCategoricalCrossentropy ? Tensor.zeros(ROWS)
                    : loss instanceof BinaryCrossentropy ? Tensor.of(new float[] {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0}, ROWS, COLS)
                    : Tensor.of(new float[] {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0}, ROWS, COLS);
            float[] grad = new float[ROWS * COLS];
            float[] logits = loss instanceof BinaryCrossentropy ? negateZeros(z) : z;
            loss.computeFromLogits(logits, 0, labels.data(), 0, ROWS, COLS, grad, 0);
            for (float g : grad) {
                assertEquals(0f, g, 0f, loss.name() + ": gradients of the unlikely classes are exactly zero");
            }
        }
    }

    /** Binary logits: 95 where the label is 1, -95 where it is 0 (each sigmoid is within exp(-95) of its label). */
    private static float[] negateZeros(float[] z) {
        float[] out = z.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == 0f ? -95f : out[i];
        }
        return out;
    }

    /**
     * tf.keras 2 adds epsilon inside the logs after clipping, in float32: a confident wrong prediction
     * (p = 1 for label 0) costs -log(1 - float(1 - 1e-7) + 1e-7) = 15.3332, and p = 0 for label 1 costs
     * -log(2e-7) = 15.4249, where Keras 3 charges -log(1e-7) = 16.1181 for both.
     */
    @Test
    void binaryCrossentropyOfSaturatedPredictionsIsTfKeras2s() {
        Loss bce = new BinaryCrossentropy();
        float clipped = 1f - 1e-7f;
        double wrongOne = -Math.log((1f - clipped) + 1e-7f);
        double wrongZero = -Math.log(1e-7f + 1e-7f);
        double rightOne = -Math.log(clipped + 1e-7f);
        double rightZero = -Math.log((1f - 1e-7f) + 1e-7f);
        assertEquals(15.3332, wrongOne, 1e-4);
        assertEquals(15.4249, wrongZero, 1e-4);
        Tensor p = Tensor.of(new float[] {1f, 1f, 0f, 0f}, 2, 2);
        Tensor y = Tensor.of(new float[] {0f, 1f, 1f, 0f}, 2, 2);
        assertEquals((wrongOne + rightOne + wrongZero + rightZero) / 4, bce.compute(p, y, null), 1e-5);
    }

    @Test
    void meanErrors() {
        Tensor targets = GradientCheck.random(new int[] {ROWS, COLS}, 10);
        checkLoss(MeanError.squared(), GradientCheck.random(new int[] {ROWS, COLS}, 11), targets, 1e-2);
        Tensor pred = targets.copy();
        for (int i = 0; i < pred.size(); i++) {
            pred.setFlat(i, pred.getFlat(i) + (i % 2 == 0 ? 0.3f : -0.4f));
        }
        checkLoss(MeanError.absolute(), pred, targets, 1e-2);
    }

    @Test
    void regularizers() {
        Tensor w = GradientCheck.random(new int[] {5, 4}, 12);
        for (int i = 0; i < w.size(); i++) {
            if (Math.abs(w.getFlat(i)) < 0.1f) {
                w.setFlat(i, 0.3f);
            }
        }
        for (Regularizer reg : List.of(Regularizer.l1(0.3), Regularizer.l2(0.2), Regularizer.l1L2(0.1, 0.4))) {
            float[] grad = new float[w.size()];
            reg.addGradient(w.data(), 0, grad, 0, w.size(), 1f);
            check(reg.className(), () -> reg.loss(w.data(), 0, w.size()), w, grad);
        }
    }
}
