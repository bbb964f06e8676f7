package io.conv4j.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conv4j.callbacks.Callback;
import io.conv4j.callbacks.EarlyStopping;
import io.conv4j.callbacks.LambdaCallback;
import io.conv4j.callbacks.ReduceLROnPlateau;
import io.conv4j.layers.Conv2D;
import io.conv4j.layers.Dense;
import io.conv4j.layers.Dropout;
import io.conv4j.layers.Flatten;
import io.conv4j.layers.Input;
import io.conv4j.layers.MaxPooling2D;
import io.conv4j.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * After the first step, training and prediction allocate (almost) nothing: activations, gradients, scratch
 * and optimizer state are reused, and handing work to the thread pool allocates nothing either. Counted
 * over every thread of the JVM, so the pool workers are included.
 */
class AllocationTest {
    /** Bytes per steady-state step allowed (timing and logging noise of the JVM itself). */
    private static final long BOUND = 2048;

    /**
     * Bytes per call of {@code step} once the JIT has compiled it: windows of calls are measured until one
     * stays under the bound or 20 seconds pass (interpreted Vector API code allocates a box per operation,
     * so the first seconds say nothing about steady state). Returns the last window's figure.
     */
    private static long steadyBytesPerCall(Runnable step) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long perCall;
        do {
            long before = allocatedBytes();
            for (int i = 0; i < 50; i++) {
                step.run();
            }
            perCall = (allocatedBytes() - before) / 50;
        } while (perCall >= BOUND && System.nanoTime() < deadline);
        return perCall;
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getTotalThreadAllocatedBytes();
    }

    private static Sequential model() {
        Sequential m = new Sequential(Input.shape(12, 12, 3),
                new Conv2D(32, 3, "relu"), new Conv2D(64, 3, "relu").padding("same"), new MaxPooling2D(2),
                new Dropout(0.25), new Flatten(), new Dense(64, "relu"), new Dropout(0.5), new Dense(10, "softmax"));
        m.seed(3);
        return m;
    }

    @Test
    void steadyTrainingStepsAllocateAlmostNothing() {
        Sequential m = model();
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        int n = 32;
        Tensor x = Tensor.zeros(n, 12, 12, 3);
        Tensor y = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            y.setFlat(i, i % 10);
            x.setFlat(i * 7, 1f);
        }
        m.trainOnBatch(x, y);
        Executor ex = m.executor();
        BatchBuffer.gather(x, null, 0, n, ex.input(0, n, 0));
        long perStep = steadyBytesPerCall(() -> m.trainStep(n, 0, new Tensor[] {y}));
        assertTrue(perStep < BOUND, "a steady training step allocated " + perStep + " bytes");
    }

    /** LeNet-like: a one-channel image into six filters (the pixel-vectorised path), one-sample predictions (one-row GEMM). */
    @Test
    void narrowFirstLayersAndSingleSamplesAllocateAlmostNothing() {
        Sequential m = new Sequential(Input.shape(12, 12, 1), new Conv2D(6, 5, "relu").padding("same"),
                new MaxPooling2D(2), new Flatten(), new Dense(10, "softmax"));
        m.seed(3);
        m.compile("adam", "sparse_categorical_crossentropy");
        int n = 16;
        Tensor x = Tensor.zeros(n, 12, 12, 1);
        Tensor y = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            y.setFlat(i, i % 10);
            x.setFlat(i * 11, 1f);
        }
        m.trainOnBatch(x, y);
        BatchBuffer.gather(x, null, 0, n, m.executor().input(0, n, 0));
        long perStep = steadyBytesPerCall(() -> m.trainStep(n, 0, new Tensor[] {y}));
        assertTrue(perStep < BOUND, "a steady training step allocated " + perStep + " bytes");
        Tensor one = x.slice(0, 1).copy();
        Tensor out = Tensor.zeros(1, 10);
        long perCall = steadyBytesPerCall(() -> m.predict(one, out, 1));
        assertTrue(perCall < BOUND, "a steady one-sample prediction allocated " + perCall + " bytes");
    }

    @Test
    void steadyPredictionAllocatesAlmostNothing() {
        Sequential m = model();
        Tensor x = Tensor.zeros(16, 12, 12, 3);
        Tensor out = Tensor.zeros(16, 10);
        long perCall = steadyBytesPerCall(() -> m.predict(x, out, 16));
        assertTrue(perCall < BOUND, "a steady predict call allocated " + perCall + " bytes");
    }

    @Test
    void fitFeedsBatchesFromTheBackgroundWithoutGarbagePerStep() {
        Sequential m = model();
        m.compile("sgd", "sparse_categorical_crossentropy");
        int n = 320;
        Tensor x = Tensor.zeros(n, 12, 12, 3);
        Tensor y = Tensor.zeros(n);
        Fit quiet = Fit.epochs(1).batchSize(32).verbose(0).shuffle(true);
        m.fit(x, y, quiet);
        m.fit(x, y, quiet);
        // Per fit call: a loader thread, metric objects, the history; per step nothing.
        long perStep = steadyFitBytesPerStep(() -> m.fit(x, y, Fit.epochs(3).batchSize(32).verbose(0)), 30);
        assertTrue(perStep < FIT_BOUND, "fit allocated " + perStep + " bytes per step");
    }

    /** Bytes per training step allowed in fit, which allocates per call and per epoch but not per step. */
    private static final long FIT_BOUND = 8 * BOUND;

    /**
     * Bytes per step of a fit of {@code steps} steps once the JIT has compiled the loop: fits are measured until
     * one stays under {@link #FIT_BOUND} or 20 seconds pass, so the figure does not depend on which tests ran first.
     */
    private static long steadyFitBytesPerStep(Runnable fit, int steps) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long perStep;
        do {
            long before = allocatedBytes();
            fit.run();
            perStep = (allocatedBytes() - before) / steps;
        } while (perStep >= FIT_BOUND && System.nanoTime() < deadline);
        return perStep;
    }

    @Test
    void epochCallbacksAddNoGarbagePerStep() {
        Sequential m = model();
        m.compile("sgd", "sparse_categorical_crossentropy");
        int n = 320;
        Tensor x = Tensor.zeros(n, 12, 12, 3);
        Tensor y = Tensor.zeros(n);
        Fit quiet = Fit.epochs(1).batchSize(32).verbose(0);
        m.fit(x, y, quiet);
        m.fit(x, y, quiet);
        Callback[] callbacks = {new EarlyStopping().monitor("loss").patience(10), new ReduceLROnPlateau().monitor("loss"),
            new LambdaCallback().onEpochEnd((epoch, logs) -> { })};
        for (Callback c : callbacks) {
            assertFalse(c.wantsBatchLogs(), c.getClass().getSimpleName());
        }
        long perStep = steadyFitBytesPerStep(() -> m.fit(x, y, Fit.epochs(3).batchSize(32).verbose(0).callbacks(callbacks)), 30);
        assertTrue(perStep < FIT_BOUND, "fit with epoch callbacks allocated " + perStep + " bytes per step");
    }
}
