package io.conv4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolution calls allocate nothing once warm: the vector kernels' per-thread jobs keep their buffers and
 * their plans, so a steady training step produces no garbage on the calling thread.
 */
class ConvolutionAllocationTest {
    private static final int STEPS = 50;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}, {4} filters, batch {5}")
    @CsvSource({
        // wide rows: the implicit forward, the row-by-row weight gradient and the input gradient
        "6, 50, 16, 3, 32, 2",
        // LeNet's third layer: tiles by position that skip the padding, grouped because the weights do not
        // fit in L1, and the weight gradient by blocks of pixels
        "7, 7, 16, 5, 120, 8"})
    void steadyConvolutionsAllocateNothing(int height, int width, int channels, int kernel, int filters, int batch) {
        Kernels k = Kernels.get();
        assumeTrue(k != Kernels.scalar(), "the vector kernels are active");
        ConvGeometry g = ConvGeometry.of(height, width, channels, kernel, kernel, 1, 1, 1, 1, true);
        float[] x = new float[batch * g.inputSampleSize()];
        float[] w = new float[g.patchSize() * filters];
        float[] b = new float[filters];
        float[] y = new float[batch * g.rowsPerSample() * filters];
        float[] dw = new float[w.length];
        float[] db = new float[filters];
        float[] dx = new float[x.length];
        Runnable step = () -> {
            k.conv2d(g, batch, x, 0, w, 0, filters, b, true, y, 0);
            k.conv2dBackward(g, batch, x, 0, y, 0, w, 0, filters, dw, db, dx, 0);
        };
        // Interpreted Vector API code boxes: wait (up to 20 s) for a window of steps that allocates nothing
        // beyond what reading the counter itself allocates (several hundred bytes).
        long deadline = System.nanoTime() + 20_000_000_000L;
        long perStep;
        do {
            long before = allocatedBytes();
            long overhead = allocatedBytes() - before;
            before = allocatedBytes();
            for (int i = 0; i < STEPS; i++) {
                step.run();
            }
            perStep = Math.max(0, allocatedBytes() - before - overhead) / STEPS;
        } while (perStep > 0 && System.nanoTime() < deadline);
        assertEquals(0, perStep, "bytes allocated per forward and backward convolution");
    }
}
