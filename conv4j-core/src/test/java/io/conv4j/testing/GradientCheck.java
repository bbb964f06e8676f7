package io.conv4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.conv4j.layers.Context;
import io.conv4j.layers.Layer;
import io.conv4j.layers.Weight;
import io.conv4j.tensor.Shape;
import io.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Numeric gradient checks: central differences evaluated in double precision and refined by Richardson
 * extrapolation ({@code (4 D(h/2) - D(h)) / 3}, error O(h^4)), so a float32 engine can be checked to
 * about 1e-3 relative accuracy.
 */
public final class GradientCheck {
    public static final double STEP = 1e-2;
    private static final double RTOL = 1e-2;
    private static final double ATOL = 2e-3;

    private GradientCheck() {
    }

    /** d f / d data[index], by perturbing that element in place (restored afterwards). */
    public static double derivative(DoubleSupplier f, float[] data, int index, double h) {
        double coarse = central(f, data, index, h);
        double fine = central(f, data, index, h / 2);
        return (4 * fine - coarse) / 3;
    }

    private static double central(DoubleSupplier f, float[] data, int index, double h) {
        float original = data[index];
        data[index] = (float) (original + h);
        double up = f.getAsDouble();
        float upStep = data[index] - original;
        data[index] = (float) (original - h);
        double down = f.getAsDouble();
        float downStep = original - data[index];
        data[index] = original;
        return (up - down) / (upStep + downStep);
    }

    /** Asserts the analytic gradient {@code analytic} of {@code f} with respect to {@code values}. */
    public static void check(String what, DoubleSupplier f, Tensor values, float[] analytic) {
        float[] data = values.data();
        for (int i = 0; i < values.size(); i++) {
            double numeric = derivative(f, data, values.offset() + i, STEP);
            double a = analytic[i];
            if (!(Math.abs(numeric - a) <= ATOL + RTOL * Math.max(Math.abs(numeric), Math.abs(a)))) {
                fail(what + ": element " + i + " analytic " + a + " numeric " + numeric);
            }
        }
    }

    /**
     * Checks a layer's input gradient and every weight gradient for the scalar loss {@code sum(r * y)}
     * with a fixed random {@code r}, in training or inference mode.
     */
    public static void checkLayer(Layer layer, Tensor x, boolean training) {
        int[] s = x.shape();
        Shape out = layer.build(Shape.of(Arrays.copyOfRange(s, 1, s.length)), new SplittableRandom(3));
        Tensor y = Tensor.zeros(out.batch(s[0]));
        Tensor r = random(y.shape(), 4);
        Context ctx = new Context(5);
        ctx.setTraining(training);
        DoubleSupplier loss = projectedLoss(layer, x, y, r, ctx);
        loss.getAsDouble();
        for (Weight w : layer.weights()) {
            w.gradient().fill(0f);
        }
        Tensor dx = Tensor.zeros(x.shape());
        layer.backward(x, y, r.copy(), dx, ctx);
        check(layer.name() + " input gradient", loss, x, dx.toArray());
        for (Weight w : layer.weights()) {
            check(w.path() + " gradient", loss, w.value(), w.gradient().toArray());
        }
    }

    /** The scalar loss {@code sum(r * y)} of a forward pass of {@code layer} on {@code x} (writing {@code y}). */
    private static DoubleSupplier projectedLoss(Layer layer, Tensor x, Tensor y, Tensor r, Context ctx) {
        return () -> {
            layer.forward(x, y, ctx);
            double sum = 0;
            for (int i = 0; i < y.size(); i++) {
                sum += (double) y.getFlat(i) * r.getFlat(i);
            }
            return sum;
        };
    }

    /**
     * Checks a frozen layer ({@code trainable(false)}): its input gradient for the loss {@code sum(r * y)}
     * is right, and its weight-gradient buffers are left exactly as they were.
     */
    public static void checkFrozenLayer(Layer layer, Tensor x) {
        int[] s = x.shape();
        Shape out = layer.build(Shape.of(Arrays.copyOfRange(s, 1, s.length)), new SplittableRandom(3));
        layer.trainable(false);
        Tensor y = Tensor.zeros(out.batch(s[0]));
        Tensor r = random(y.shape(), 4);
        Context ctx = new Context(5);
        ctx.setTraining(true);
        DoubleSupplier loss = projectedLoss(layer, x, y, r, ctx);
        loss.getAsDouble();
        for (Weight w : layer.weights()) {
            w.gradient().fill(7f);
        }
        Tensor dx = Tensor.zeros(x.shape());
        layer.backward(x, y, r.copy(), dx, ctx);
        for (Weight w : layer.weights()) {
            float[] g = w.gradient().toArray();
            for (int i = 0; i < g.length; i++) {
                if (g[i] != 7f) {
                    fail(w.path() + " of a frozen layer: gradient element " + i + " changed to " + g[i]);
                }
            }
        }
        check(layer.name() + " frozen input gradient", loss, x, dx.toArray());
    }

    /** Standard normal values. */
    public static Tensor random(int[] shape, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, (float) rnd.nextGaussian());
        }
        return t;
    }

    /** Distinct values at least 0.05 apart, in random order: no ties for max pooling, even after perturbation. */
    public static Tensor distinct(int[] shape, long seed) {
        Tensor t = Tensor.zeros(shape);
        int n = t.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (int i = 0; i < n; i++) {
            t.setFlat(i, (order[i] - n / 2f) * 0.05f);
        }
        return t;
    }
}
