package io.conv4j.kernels;

import static io.conv4j.testing.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.conv4j.testing.KernelImplementations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every kernel implementation against the scalar oracle, on shapes chosen to reach each code path: tile
 * tails in M and N (sizes around multiples of 6, 16, 32 and 64), single-panel and multi-panel N, K taken
 * whole and in blocks, several N blocks, transposes, beta, the bias and relu epilogue, and sizes that split
 * over threads. Run with -Dconv4j.simd=false too (CI does): the scalar implementation then checks itself.
 */
class KernelsAgreementTest {
    private static final Kernels ORACLE = Kernels.scalar();

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    @TestFactory
    Stream<DynamicTest> gemmAgrees() {
        int[][] shapes = {
            {1, 1, 1}, {5, 7, 3}, {6, 32, 9}, {7, 33, 10}, {12, 64, 288}, {13, 65, 17}, {6, 16, 5},
            {35, 96, 300}, {40, 128, 400}, {17, 31, 513}, {61, 1100, 40}, {300, 64, 64}, {2, 200, 50},
            {600, 32, 27}, {128, 10, 1600}, {1, 128, 1600}, {1600, 10, 128},
            // one or two rows (predicting one sample): B read in place, partial column chunks, odd K
            {1, 84, 5880}, {2, 37, 1}, {1, 1000, 3}, {2, 16, 7}};
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : KernelImplementations.all()) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    int m = s[0];
                    int n = s[1];
                    int kk = s[2];
                    tests.add(DynamicTest.dynamicTest(k.name() + " " + m + "x" + n + "x" + kk + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : ""), () -> {
                        float[] a = random(m * kk + 3, 1);
                        float[] b = random(kk * n + 5, 2);
                        int lda = ta ? m : kk;
                        int ldb = tb ? kk : n;
                        for (float beta : new float[] {0f, 1f, 0.5f}) {
                            float[] expected = random(m * n + 7, 3);
                            float[] actual = expected.clone();
                            ORACLE.gemm(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb, beta, expected, 7, n);
                            k.gemm(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb, beta, actual, 7, n);
                            assertClose(expected, actual, 1e-4, 1e-4 * Math.sqrt(kk), "gemm beta " + beta);
                        }
                        float[] bias = random(n + 2, 4);
                        for (boolean relu : new boolean[] {false, true}) {
                            float[] expected = new float[m * n];
                            float[] actual = new float[m * n];
                            ORACLE.gemm(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb, bias, 2, relu, expected, 0, n);
                            k.gemm(ta, tb, m, n, kk, a, 3, lda, b, 5, ldb, bias, 2, relu, actual, 0, n);
                            assertClose(expected, actual, 1e-4, 1e-4 * Math.sqrt(kk), "gemm epilogue relu=" + relu);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** A row's result does not depend on how many rows come with it (predicting one sample or a batch). */
    @TestFactory
    Stream<DynamicTest> gemmRowsDoNotDependOnTheirCompany() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : KernelImplementations.all()) {
            for (int[] s : new int[][] {{84, 5880}, {200, 3}, {10, 1600}, {64, 700}}) {
                tests.add(DynamicTest.dynamicTest(k.name() + " n=" + s[0] + " k=" + s[1], () -> {
                    int n = s[0];
                    int kk = s[1];
                    float[] a = random(13 * kk, 1);
                    float[] b = random(kk * n, 2);
                    float[] bias = random(n, 3);
                    for (float beta : new float[] {0f, 1f}) {
                        float[] all = random(13 * n, 4);
                        float[] one = Arrays.copyOfRange(all, 0, n);
                        float[] two = Arrays.copyOfRange(all, 0, 2 * n);
                        k.gemm(false, false, 13, n, kk, a, 0, kk, b, 0, n, beta, all, 0, n);
                        k.gemm(false, false, 1, n, kk, a, 0, kk, b, 0, n, beta, one, 0, n);
                        k.gemm(false, false, 2, n, kk, a, 0, kk, b, 0, n, beta, two, 0, n);
                        assertArrayEquals(Arrays.copyOfRange(all, 0, n), one, "one row, beta " + beta);
                        assertArrayEquals(Arrays.copyOfRange(all, 0, 2 * n), two, "two rows, beta " + beta);
                    }
                    float[] all = new float[13 * n];
                    float[] one = new float[n];
                    k.gemm(false, false, 13, n, kk, a, 0, kk, b, 0, n, bias, 0, true, all, 0, n);
                    k.gemm(false, false, 1, n, kk, a, 0, kk, b, 0, n, bias, 0, true, one, 0, n);
                    assertArrayEquals(Arrays.copyOfRange(all, 0, n), one, "one row with bias and relu");
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> convolutionHelpersAgree() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] cases = {{7, 9, 3, 3, 3, 1, 1, 0}, {8, 8, 32, 3, 3, 1, 1, 1}, {9, 7, 17, 2, 3, 2, 1, 1},
            {10, 10, 1, 5, 5, 1, 2, 1}, {6, 6, 64, 1, 1, 1, 1, 0}, {12, 12, 6, 5, 5, 1, 1, 1}, {11, 13, 16, 3, 3, 2, 1, 1},
            // windows that tile the input (odd sizes leave a row and a column no "valid" window covers)
            {7, 9, 5, 2, 2, 2, 1, 0}, {7, 9, 20, 2, 2, 2, 1, 1}, {9, 8, 3, 3, 3, 3, 1, 0}};
        for (Kernels k : KernelImplementations.all()) {
            for (int[] c : cases) {
                tests.add(DynamicTest.dynamicTest(k.name() + " conv geometry " + Arrays.toString(c), () -> {
                    ConvGeometry g = ConvGeometry.of(c[0], c[1], c[2], c[3], c[4], c[5], c[5], c[6], c[6], c[7] == 1);
                    int batch = 3;
                    float[] x = random(batch * g.inputSampleSize() + 4, 5);
                    int colsSize = batch * g.rowsPerSample() * g.patchSize();
                    float[] expectedCols = new float[colsSize];
                    float[] actualCols = new float[colsSize];
                    ORACLE.im2col(g, x, 4, 0, batch, expectedCols);
                    k.im2col(g, x, 4, 0, batch, actualCols);
                    assertArrayEquals(expectedCols, actualCols, "im2col");
                    float[] expectedDx = random(batch * g.inputSampleSize(), 6);
                    float[] actualDx = expectedDx.clone();
                    ORACLE.col2im(g, expectedCols, 0, batch, expectedDx, 0);
                    k.col2im(g, actualCols, 0, batch, actualDx, 0);
                    assertClose(expectedDx, actualDx, 1e-6, 1e-6, "col2im");

                    PoolGeometry p = PoolGeometry.of(c[0], c[1], c[2], c[3], c[4], c[5], c[5], c[7] == 1);
                    // Ties (repeated values) make "the first maximum wins" matter.
                    for (int i = 0; i < x.length; i += 5) {
                        x[i] = 0.5f;
                    }
                    float[] expectedY = new float[batch * p.outputSampleSize()];
                    float[] actualY = new float[expectedY.length];
                    ORACLE.maxPool(p, batch, x, 4, expectedY, 0);
                    k.maxPool(p, batch, x, 4, actualY, 0);
                    assertArrayEquals(expectedY, actualY, "max pool");
                    float[] dy = random(expectedY.length, 7);
                    // dx starts as garbage: the gradient must overwrite every input, covered or not.
                    float[] dxExpected = random(batch * p.inputSampleSize(), 8);
                    float[] dxActual = dxExpected.clone();
                    ORACLE.maxPoolBackward(p, batch, x, 4, expectedY, 0, dy, 0, dxExpected, 0);
                    k.maxPoolBackward(p, batch, x, 4, actualY, 0, dy, 0, dxActual, 0);
                    assertArrayEquals(dxExpected, dxActual, "max pool backward");
                }));
            }
        }
        return tests.stream();
    }

    /** Whole convolutions: forward with bias and relu, and all three gradients, over the shapes layers meet. */
    @TestFactory
    Stream<DynamicTest> convolutionAgrees() {
        // height, width, channels, kernel h, kernel w, stride, dilation, same (1), filters, batch
        int[][] cases = {{8, 8, 1, 3, 3, 1, 1, 0, 6, 3}, {9, 7, 3, 3, 3, 1, 1, 1, 32, 2}, {10, 10, 6, 5, 5, 1, 1, 1, 16, 9},
            {7, 7, 16, 5, 5, 1, 1, 1, 120, 2}, {12, 11, 5, 3, 2, 2, 1, 1, 64, 3}, {11, 11, 4, 3, 3, 2, 1, 0, 20, 2},
            {9, 9, 3, 3, 3, 1, 2, 1, 8, 2}, {6, 6, 32, 3, 3, 1, 1, 0, 64, 1}, {14, 13, 2, 4, 3, 3, 1, 1, 33, 4},
            // wide enough for the vector kernels' implicit paths (forward, weight and input gradients)
            {20, 18, 8, 3, 3, 1, 1, 1, 24, 2}, {18, 17, 16, 5, 5, 1, 1, 0, 40, 2}, {24, 24, 12, 3, 3, 1, 1, 1, 64, 2},
            {30, 30, 3, 3, 3, 1, 1, 0, 32, 2}, {20, 21, 40, 3, 3, 2, 1, 1, 20, 2}, {19, 22, 7, 4, 5, 1, 1, 1, 70, 3},
            // padded, six samples or more: tiles by output position that skip the padding, then the rest by
            // pixel (LeNet's third layer; stride 2; a valid convolution's input gradient, padded by kernel - 1)
            {7, 7, 16, 5, 5, 1, 1, 1, 120, 8}, {13, 12, 16, 3, 3, 2, 1, 1, 32, 7}, {11, 10, 8, 5, 3, 1, 1, 0, 24, 13},
            // narrow outputs, several samples per weight-gradient block, panels of four, two and one vectors
            {9, 9, 8, 3, 3, 1, 1, 1, 72, 11}, {8, 8, 5, 3, 3, 1, 1, 0, 40, 12},
            // one input channel into a few filters: the pixel-vectorised path (LeNet's first layer; several
            // tiles per row; odd filter counts; taps not a multiple of four; more samples than slices)
            {28, 28, 1, 5, 5, 1, 1, 1, 6, 9}, {40, 45, 1, 3, 3, 1, 1, 1, 5, 2}, {12, 20, 1, 7, 3, 1, 1, 1, 8, 3},
            {5, 5, 1, 2, 4, 1, 1, 0, 1, 1},
            // a few channels (an RGB photo into 16 filters; 2 and 4 channels, filters not a multiple of four)
            {35, 37, 3, 3, 3, 1, 1, 0, 16, 2}, {9, 20, 2, 3, 5, 1, 1, 1, 10, 3}, {11, 6, 4, 2, 2, 1, 1, 1, 3, 9},
            // a few channels into more filters than the pixel-vectorised path takes (CIFAR's 3 -> 32; an odd count)
            {32, 32, 3, 3, 3, 1, 1, 0, 32, 2}, {12, 20, 2, 3, 3, 1, 1, 1, 27, 3},
            // wide rows: weight-gradient blocks of a few rows that run across samples
            {45, 300, 3, 3, 3, 1, 1, 1, 16, 17}};
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : KernelImplementations.all()) {
            for (int[] c : cases) {
                tests.add(DynamicTest.dynamicTest(k.name() + " conv2d " + Arrays.toString(c), () -> {
                    ConvGeometry g = ConvGeometry.of(c[0], c[1], c[2], c[3], c[4], c[5], c[5], c[6], c[6], c[7] == 1);
                    int filters = c[8];
                    int batch = c[9];
                    float[] x = random(batch * g.inputSampleSize() + 2, 21);
                    float[] w = random(g.patchSize() * filters, 22);
                    float[] bias = random(filters, 23);
                    int outSize = batch * g.rowsPerSample() * filters;
                    for (boolean relu : new boolean[] {false, true}) {
                        float[] expected = new float[outSize + 1];
                        float[] actual = new float[outSize + 1];
                        ORACLE.conv2d(g, batch, x, 2, w, 0, filters, bias, relu, expected, 1);
                        k.conv2d(g, batch, x, 2, w, 0, filters, bias, relu, actual, 1);
                        assertClose(expected, actual, 1e-4, 1e-4 * Math.sqrt(g.patchSize()), "conv2d relu=" + relu);
                    }
                    float[] dy = random(outSize, 24);
                    float[] dw1 = random(w.length, 25);
                    float[] dw2 = dw1.clone();
                    float[] db1 = random(filters, 26);
                    float[] db2 = db1.clone();
                    float[] dx1 = new float[batch * g.inputSampleSize() + 3];
                    float[] dx2 = new float[dx1.length];
                    ORACLE.conv2dBackward(g, batch, x, 2, dy, 0, w, 0, filters, dw1, db1, dx1, 3);
                    k.conv2dBackward(g, batch, x, 2, dy, 0, w, 0, filters, dw2, db2, dx2, 3);
                    double scale = Math.sqrt(batch * g.rowsPerSample());
                    assertClose(dw1, dw2, 1e-4, 1e-4 * scale, "kernel gradient");
                    assertClose(db1, db2, 1e-4, 1e-4 * scale, "bias gradient");
                    assertClose(dx1, dx2, 1e-4, 1e-4 * Math.sqrt(filters * g.kernelH() * g.kernelW()), "input gradient");

                    // A frozen layer asks for no kernel gradient: the bias gradient alone, or the input gradient alone.
                    float[] db3 = random(filters, 26);
                    float[] dx3 = new float[dx1.length];
                    k.conv2dBackward(g, batch, x, 2, dy, 0, w, 0, filters, null, db3, dx3, 3);
                    assertClose(db1, db3, 1e-4, 1e-4 * scale, "bias gradient without kernel gradient");
                    assertClose(dx1, dx3, 1e-4, 1e-4 * Math.sqrt(filters * g.kernelH() * g.kernelW()), "input gradient without kernel gradient");
                    float[] dx4 = new float[dx1.length];
                    k.conv2dBackward(g, batch, x, 2, dy, 0, w, 0, filters, null, null, dx4, 3);
                    assertClose(dx1, dx4, 1e-4, 1e-4 * Math.sqrt(filters * g.kernelH() * g.kernelW()), "input gradient only");
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> elementwiseAgrees() {
        List<DynamicTest> tests = new ArrayList<>();
        // Lengths around vector multiples, and one long enough to be split over threads.
        int[] lengths = {1, 15, 16, 17, 33, 100, 70_001};
        for (Kernels k : KernelImplementations.all()) {
            for (int n : lengths) {
                tests.add(DynamicTest.dynamicTest(k.name() + " elementwise n=" + n, () -> {
                    float[] x = random(n + 1, 8);
                    float[] y1 = new float[n + 2];
                    float[] y2 = new float[n + 2];
                    float[] m1 = new float[n];
                    float[] m2 = new float[n];
                    ORACLE.dropout(x, 1, y1, 2, m1, n, 0.3f, 12345);
                    k.dropout(x, 1, y2, 2, m2, n, 0.3f, 12345);
                    assertArrayEquals(m1, m2, "dropout mask");
                    assertArrayEquals(y1, y2, "dropout output");

                    float[] dy1 = random(n, 9);
                    float[] dy2 = dy1.clone();
                    ORACLE.reluBackward(x, 1, dy1, 0, n);
                    k.reluBackward(x, 1, dy2, 0, n);
                    assertArrayEquals(dy1, dy2, "relu backward");

                    ORACLE.multiply(x, 0, dy1, 0, y1, 0, n);
                    k.multiply(x, 0, dy1, 0, y2, 0, n);
                    assertArrayEquals(y1, y2, "multiply");

                    float[] acc1 = random(n, 10);
                    float[] acc2 = acc1.clone();
                    ORACLE.add(x, 1, acc1, 0, n);
                    k.add(x, 1, acc2, 0, n);
                    assertArrayEquals(acc1, acc2, "add");

                    for (int step = 0; step < 3; step++) {
                        checkOptimizers(k, n, step);
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest(k.name() + " column sums", () -> {
                for (int cols : new int[] {1, 10, 16, 33, 64}) {
                    float[] y1 = random(7 * cols, 11);
                    float[] db1 = random(cols, 13);
                    float[] db2 = db1.clone();
                    ORACLE.addColumnSums(y1, 0, 7, cols, db1, 0);
                    k.addColumnSums(y1, 0, 7, cols, db2, 0);
                    assertClose(db1, db2, 1e-6, 1e-6, "column sums");
                }
            }));
        }
        return tests.stream();
    }

    private static void checkOptimizers(Kernels k, int n, int seed) {
        float[] g = random(n, 20 + seed);
        float[][] s1 = {random(n, 30), random(n, 31), random(n, 32), random(n, 33)};
        for (int i = 0; i < n; i++) {
            s1[2][i] = Math.abs(s1[2][i]);
            s1[3][i] = Math.abs(s1[3][i]);
        }
        float[][] s2 = {s1[0].clone(), s1[1].clone(), s1[2].clone(), s1[3].clone()};
        ORACLE.adam(s1[0], 0, g, 0, s1[1], s1[2], s1[3], n, 0.01f, 0.9f, 0.999f, 1e-7f);
        k.adam(s2[0], 0, g, 0, s2[1], s2[2], s2[3], n, 0.01f, 0.9f, 0.999f, 1e-7f);
        for (int i = 0; i < 4; i++) {
            assertClose(s1[i], s2[i], 1e-5, 1e-6, "adam slot " + i);
        }
        ORACLE.rmsprop(s1[0], 0, g, 0, s1[2], s1[1], null, n, 0.01f, 0.9f, 0.5f, 1e-7f);
        k.rmsprop(s2[0], 0, g, 0, s2[2], s2[1], null, n, 0.01f, 0.9f, 0.5f, 1e-7f);
        assertClose(s1[0], s2[0], 1e-5, 1e-6, "rmsprop");
        ORACLE.sgd(s1[0], 0, g, 0, s1[1], n, 0.1f, 0.9f, true);
        k.sgd(s2[0], 0, g, 0, s2[1], n, 0.1f, 0.9f, true);
        assertClose(s1[0], s2[0], 1e-5, 1e-6, "sgd");
    }
}
