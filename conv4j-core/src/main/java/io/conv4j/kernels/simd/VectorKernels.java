package io.conv4j.kernels.simd;

import io.conv4j.kernels.ConvGeometry;
import io.conv4j.kernels.Im2colConvolution;
import io.conv4j.kernels.Kernels;
import io.conv4j.kernels.Parallel;
import io.conv4j.kernels.PoolGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API (SIMD): the blocked GEMM, vectorised pooling, col2im and elementwise
 * operations, using all cores. This is the only package that uses {@code jdk.incubator.vector}; it is
 * loaded by name when the module is readable. Operations with nothing to gain delegate to the scalar
 * kernels (im2col is a memory copy either way; average pooling is rare).
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = S.length();
    private static final Kernels SCALAR = Kernels.scalar();
    private static final ThreadLocal<SampleJob> SAMPLE_JOBS = ThreadLocal.withInitial(SampleJob::new);

    @Override
    public String name() {
        return "vector" + S.vectorBitSize();
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0, false);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc, bias, biasOff, relu);
    }

    @Override
    public void conv2d(ConvGeometry g, int batch, float[] x, int xOff, float[] w, int wOff, int filters,
                       float[] bias, boolean relu, float[] y, int yOff) {
        if (PixelConvolution.suits(g, filters)) {
            PixelConvolution.forward(g, batch, x, xOff, w, wOff, filters, bias, relu, y, yOff);
        } else if (ImplicitConvolution.forward(g)) {
            ImplicitConvolution.forward(g, batch, x, xOff, w, wOff, filters, bias, relu, y, yOff);
        } else {
            Im2colConvolution.forward(this, g, batch, x, xOff, w, wOff, filters, bias, relu, y, yOff);
        }
    }

    @Override
    public void conv2dBackward(ConvGeometry g, int batch, float[] x, int xOff, float[] dy, int dyOff, float[] w, int wOff,
                               int filters, float[] dw, float[] db, float[] dx, int dxOff) {
        // Each part goes where it is faster: the pixel-vectorised kernels for first layers, the implicit
        // kernels, or im2col for shapes too small for them.
        // Without dw (a frozen layer) no weight-gradient work is done; db alone is column sums of dy.
        boolean pixelWeights = dw != null && PixelConvolution.suits(g, filters);
        boolean implicitWeights = dw != null && !pixelWeights && ImplicitConvolution.weightGradient(g);
        boolean implicitInput = dx != null && ImplicitConvolution.inputGradient(g, filters);
        if (pixelWeights) {
            PixelConvolution.weightGradient(this, g, batch, x, xOff, dy, dyOff, filters, dw, db);
        } else if (implicitWeights) {
            ImplicitConvolution.weightGradient(this, g, batch, x, xOff, dy, dyOff, filters, dw, db);
        }
        float[] restDw = pixelWeights || implicitWeights ? null : dw;
        float[] restDb = pixelWeights || implicitWeights ? null : db;
        float[] restDx = implicitInput ? null : dx;
        if (restDw != null || restDb != null || restDx != null) {
            Im2colConvolution.backward(this, g, batch, x, xOff, dy, dyOff, w, wOff, filters, restDw, restDb, restDx, dxOff);
        }
        if (implicitInput) {
            ImplicitConvolution.inputGradient(g, batch, dy, dyOff, w, wOff, filters, dx, dxOff);
        }
    }

    // ----- per-sample operations, split over threads by sample -----

    private enum SampleOp { IM2COL, COL2IM, MAX_POOL, MAX_POOL_BACKWARD }

    /** The arguments of a per-sample call, reused per calling thread. */
    private static final class SampleJob implements Parallel.Body {
        SampleOp op;
        ConvGeometry conv;
        PoolGeometry pool;
        int first;
        float[] in;
        int inOff;
        float[] out;
        int outOff;
        float[] pooled;
        int pooledOff;
        float[] grad;
        int gradOff;

        @Override
        public void run(int from, int to) {
            switch (op) {
                case IM2COL -> im2colRows(conv, in, inOff, first, from, to, out);
                case COL2IM -> col2im(conv, in, from * conv.rowsPerSample() * conv.patchSize(), first + from, to - from, out, outOff);
                case MAX_POOL -> maxPool(pool, from, to, in, inOff, out, outOff);
                case MAX_POOL_BACKWARD -> maxPoolBackward(pool, from, to, in, inOff, pooled, pooledOff, grad, gradOff, out, outOff);
            }
        }

        void release() {
            conv = null;
            pool = null;
            in = null;
            out = null;
            pooled = null;
            grad = null;
        }
    }

    private static SampleJob job(SampleOp op) {
        SampleJob j = SAMPLE_JOBS.get();
        j.op = op;
        return j;
    }

    private static void runSamples(SampleJob job, int samples) {
        try {
            if (samples > 1 && Parallel.threads() > 1 && !Parallel.inside()) {
                Parallel.forEach(samples, job);
            } else {
                job.run(0, samples);
            }
        } finally {
            job.release();
        }
    }

    @Override
    public void im2col(ConvGeometry g, float[] x, int xOff, int first, int count, float[] cols) {
        if (g.dilationW() != 1) {
            SCALAR.im2col(g, x, xOff, first, count, cols);
            return;
        }
        SampleJob j = job(SampleOp.IM2COL);
        j.conv = g;
        j.in = x;
        j.inOff = xOff;
        j.first = first;
        j.out = cols;
        // Split by output row, so even a single sample uses every thread.
        runSamples(j, count * g.outHeight());
    }

    /**
     * Unfolds output rows {@code [from, to)} (counted over samples from {@code first}; dilation 1) into the
     * matching rows of cols: each kernel row's span inside the image is one copy (a single masked vector
     * move when short), padding is zeroed.
     */
    private static void im2colRows(ConvGeometry g, float[] x, int xOff, int first, int from, int to, float[] cols) {
        int channels = g.channels();
        int kw = g.kernelW();
        int run = kw * channels;
        int dst = from * g.outWidth() * g.patchSize();
        for (int u = from; u < to; u++) {
            int s = first + u / g.outHeight();
            int oy = u % g.outHeight();
            int sampleBase = xOff + s * g.inputSampleSize();
            for (int ox = 0; ox < g.outWidth(); ox++) {
                int ix0 = ox * g.strideW() - g.padLeft();
                int kx0 = Math.max(0, -ix0);
                int kx1 = Math.min(kw, g.width() - ix0);
                for (int ky = 0; ky < g.kernelH(); ky++, dst += run) {
                    int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                    if (iy < 0 || iy >= g.height() || kx1 <= kx0) {
                        Arrays.fill(cols, dst, dst + run, 0f);
                        continue;
                    }
                    if (kx0 > 0) {
                        Arrays.fill(cols, dst, dst + kx0 * channels, 0f);
                    }
                    copy(x, sampleBase + (iy * g.width() + ix0 + kx0) * channels, cols, dst + kx0 * channels,
                            (kx1 - kx0) * channels);
                    if (kx1 < kw) {
                        Arrays.fill(cols, dst + kx1 * channels, dst + run, 0f);
                    }
                }
            }
        }
    }

    /** Copies n floats: whole vectors, then the tail as one masked vector move. */
    private static void copy(float[] src, int from, float[] dst, int to, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, src, from + i).intoArray(dst, to + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, src, from + i, m).intoArray(dst, to + i, m);
        }
    }

    @Override
    public void col2im(ConvGeometry g, float[] cols, int first, int count, float[] dx, int dxOff) {
        SampleJob j = job(SampleOp.COL2IM);
        j.conv = g;
        j.in = cols;
        j.first = first;
        j.out = dx;
        j.outOff = dxOff;
        runSamples(j, count);
    }

    /** Adds patch rows of samples {@code [first, first + count)} (rows from {@code colsOff}) back into dx. */
    private static void col2im(ConvGeometry g, float[] cols, int colsOff, int first, int count, float[] dx, int dxOff) {
        int channels = g.channels();
        int patch = g.patchSize();
        boolean adjacent = g.dilationW() == 1;
        int run = g.kernelW() * channels;
        int row = colsOff / patch;
        for (int s = first; s < first + count; s++) {
            int sampleBase = dxOff + s * g.inputSampleSize();
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++, row++) {
                    int src = row * patch;
                    int ix0 = ox * g.strideW() - g.padLeft();
                    boolean inside = adjacent && ix0 >= 0 && ix0 + g.kernelW() <= g.width();
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        if (iy < 0 || iy >= g.height()) {
                            src += run;
                            continue;
                        }
                        if (inside) {
                            addRun(cols, src, dx, sampleBase + (iy * g.width() + ix0) * channels, run);
                            src += run;
                            continue;
                        }
                        for (int kx = 0; kx < g.kernelW(); kx++, src += channels) {
                            int ix = ix0 + kx * g.dilationW();
                            if (ix >= 0 && ix < g.width()) {
                                addRun(cols, src, dx, sampleBase + (iy * g.width() + ix) * channels, channels);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void addRun(float[] src, int from, float[] dst, int to, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, dst, to + i).add(FloatVector.fromArray(S, src, from + i)).intoArray(dst, to + i);
        }
        for (; i < n; i++) {
            dst[to + i] += src[from + i];
        }
    }

    @Override
    public void maxPool(PoolGeometry g, int batch, float[] x, int xOff, float[] y, int yOff) {
        SampleJob j = job(SampleOp.MAX_POOL);
        j.pool = g;
        j.in = x;
        j.inOff = xOff;
        j.out = y;
        j.outOff = yOff;
        runSamples(j, batch * g.outHeight());
    }

    /**
     * Max pooling of output rows {@code [from, to)} counted over the batch (so one image uses every thread),
     * vectorised over channels; NaN propagates as in the scalar kernel.
     */
    private static void maxPool(PoolGeometry g, int from, int to, float[] x, int xOff, float[] y, int yOff) {
        int channels = g.channels();
        int vectorEnd = S.loopBound(channels);
        // Only a real tail gets a range mask: an empty one takes the Vector API's slow path (about 1% of a
        // horse-human prediction).
        VectorMask<Float> tail = vectorEnd < channels ? S.indexInRange(vectorEnd, channels) : S.maskAll(false);
        for (int row = from; row < to; row++) {
            int s = row / g.outHeight();
            int oy = row - s * g.outHeight();
            int sampleBase = xOff + s * g.inputSampleSize();
            int out = yOff + row * g.outWidth() * channels;
            int y0 = Math.max(oy * g.strideH() - g.padTop(), 0);
            int y1 = Math.min(oy * g.strideH() - g.padTop() + g.poolH(), g.height());
            for (int ox = 0; ox < g.outWidth(); ox++, out += channels) {
                int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0);
                int x1 = Math.min(ox * g.strideW() - g.padLeft() + g.poolW(), g.width());
                int first = sampleBase + (y0 * g.width() + x0) * channels;
                int ch = 0;
                for (; ch < vectorEnd; ch += L) {
                    FloatVector best = FloatVector.fromArray(S, x, first + ch);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                            best = best.max(FloatVector.fromArray(S, x, sampleBase + (iy * g.width() + ix) * channels + ch));
                        }
                    }
                    best.intoArray(y, out + ch);
                }
                if (ch < channels) {
                    // The channels past the last whole vector (all of them in a narrow layer): one masked vector.
                    FloatVector best = FloatVector.fromArray(S, x, first + ch, tail);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                            best = best.max(FloatVector.fromArray(S, x, sampleBase + (iy * g.width() + ix) * channels + ch, tail));
                        }
                    }
                    best.intoArray(y, out + ch, tail);
                }
            }
        }
    }

    @Override
    public void maxPoolBackward(PoolGeometry g, int batch, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                                float[] dx, int dxOff) {
        SampleJob j = job(SampleOp.MAX_POOL_BACKWARD);
        j.pool = g;
        j.in = x;
        j.inOff = xOff;
        j.pooled = y;
        j.pooledOff = yOff;
        j.grad = dy;
        j.gradOff = dyOff;
        j.out = dx;
        j.outOff = dxOff;
        runSamples(j, batch);
    }

    /**
     * For each window, adds the output gradient to the first input equal to the window's maximum. Windows
     * that tile the input without overlap (the usual 2 x 2, stride 2) write every input they cover once,
     * the gradient or zero, and only the inputs no window covers are cleared first: that saves a pass over
     * dx, which matters because the pooled layers are the largest activations.
     */
    private static void maxPoolBackward(PoolGeometry g, int from, int to, float[] x, int xOff, float[] y, int yOff,
                                        float[] dy, int dyOff, float[] dx, int dxOff) {
        int channels = g.channels();
        int vectorEnd = S.loopBound(channels);
        // Only a real tail gets a range mask: an empty one takes the Vector API's slow path (about 1% of a
        // horse-human prediction).
        VectorMask<Float> tail = vectorEnd < channels ? S.indexInRange(vectorEnd, channels) : S.maskAll(false);
        boolean disjoint = g.strideH() == g.poolH() && g.strideW() == g.poolW() && g.padTop() == 0 && g.padLeft() == 0;
        if (disjoint) {
            clearUncovered(g, from, to, dx, dxOff);
        } else {
            Arrays.fill(dx, dxOff + from * g.inputSampleSize(), dxOff + to * g.inputSampleSize(), 0f);
        }
        FloatVector zero = FloatVector.zero(S);
        for (int s = from; s < to; s++) {
            int sampleBase = s * g.inputSampleSize();
            int out = s * g.outputSampleSize();
            for (int oy = 0; oy < g.outHeight(); oy++) {
                int y0 = Math.max(oy * g.strideH() - g.padTop(), 0);
                int y1 = Math.min(oy * g.strideH() - g.padTop() + g.poolH(), g.height());
                for (int ox = 0; ox < g.outWidth(); ox++, out += channels) {
                    int x0 = Math.max(ox * g.strideW() - g.padLeft(), 0);
                    int x1 = Math.min(ox * g.strideW() - g.padLeft() + g.poolW(), g.width());
                    int ch = 0;
                    for (; ch < vectorEnd; ch += L) {
                        FloatVector max = FloatVector.fromArray(S, y, yOff + out + ch);
                        FloatVector grad = FloatVector.fromArray(S, dy, dyOff + out + ch);
                        VectorMask<Float> done = S.maskAll(false);
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                int in = sampleBase + (iy * g.width() + ix) * channels + ch;
                                VectorMask<Float> hit = FloatVector.fromArray(S, x, xOff + in).compare(VectorOperators.EQ, max)
                                        .andNot(done);
                                if (disjoint) {
                                    zero.blend(grad, hit).intoArray(dx, dxOff + in);
                                } else {
                                    FloatVector.fromArray(S, dx, dxOff + in).add(grad, hit).intoArray(dx, dxOff + in);
                                }
                                done = done.or(hit);
                            }
                        }
                    }
                    if (ch < channels) {
                        FloatVector max = FloatVector.fromArray(S, y, yOff + out + ch, tail);
                        FloatVector grad = FloatVector.fromArray(S, dy, dyOff + out + ch, tail);
                        VectorMask<Float> done = tail.not();
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                int in = sampleBase + (iy * g.width() + ix) * channels + ch;
                                VectorMask<Float> hit = FloatVector.fromArray(S, x, xOff + in, tail).compare(VectorOperators.EQ, max)
                                        .andNot(done);
                                if (disjoint) {
                                    zero.blend(grad, hit).intoArray(dx, dxOff + in, tail);
                                } else {
                                    FloatVector.fromArray(S, dx, dxOff + in, tail).add(grad, hit).intoArray(dx, dxOff + in, tail);
                                }
                                done = done.or(hit);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Zeroes the inputs of samples [from, to) that no window of a non-overlapping, unpadded pooling covers. */
    private static void clearUncovered(PoolGeometry g, int from, int to, float[] dx, int dxOff) {
        int channels = g.channels();
        int coveredH = Math.min(g.outHeight() * g.poolH(), g.height());
        int coveredW = Math.min(g.outWidth() * g.poolW(), g.width());
        int rowSize = g.width() * channels;
        for (int s = from; s < to; s++) {
            int base = dxOff + s * g.inputSampleSize();
            if (coveredW < g.width()) {
                for (int iy = 0; iy < coveredH; iy++) {
                    Arrays.fill(dx, base + iy * rowSize + coveredW * channels, base + (iy + 1) * rowSize, 0f);
                }
            }
            Arrays.fill(dx, base + coveredH * rowSize, base + g.height() * rowSize, 0f);
        }
    }

    @Override
    public void avgPool(PoolGeometry g, int batch, float[] x, int xOff, float[] y, int yOff) {
        SCALAR.avgPool(g, batch, x, xOff, y, yOff);
    }

    @Override
    public void avgPoolBackward(PoolGeometry g, int batch, float[] dy, int dyOff, float[] dx, int dxOff) {
        SCALAR.avgPoolBackward(g, batch, dy, dyOff, dx, dxOff);
    }

    // ----- elementwise -----

    @Override
    public void addColumnSums(float[] dy, int dyOff, int rows, int cols, float[] db, int dbOff) {
        VectorElementwise.addColumnSums(dy, dyOff, rows, cols, db, dbOff);
    }

    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.ADD);
        j.a = src;
        j.aOff = srcOff;
        j.out = dst;
        j.outOff = dstOff;
        VectorElementwise.run(j, n);
    }

    @Override
    public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, int n) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.RELU_BACKWARD);
        j.a = y;
        j.aOff = yOff;
        j.out = dy;
        j.outOff = dyOff;
        VectorElementwise.run(j, n);
    }

    @Override
    public void dropout(float[] x, int xOff, float[] y, int yOff, float[] mask, int n, float rate, int seed) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.DROPOUT);
        j.a = x;
        j.aOff = xOff;
        j.out = y;
        j.outOff = yOff;
        j.s1 = mask;
        j.p1 = rate;
        j.seed = seed;
        VectorElementwise.run(j, n);
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.MULTIPLY);
        j.a = a;
        j.aOff = aOff;
        j.b = b;
        j.bOff = bOff;
        j.out = out;
        j.outOff = outOff;
        VectorElementwise.run(j, n);
    }

    @Override
    public void adam(float[] w, int wOff, float[] g, int gOff, float[] m, float[] v, float[] vHat, int n,
                     float alpha, float beta1, float beta2, float epsilon) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.ADAM);
        j.out = w;
        j.outOff = wOff;
        j.a = g;
        j.aOff = gOff;
        j.s1 = m;
        j.s2 = v;
        j.s3 = vHat;
        j.p1 = alpha;
        j.p2 = beta1;
        j.p3 = beta2;
        j.p4 = epsilon;
        VectorElementwise.run(j, n);
    }

    @Override
    public void rmsprop(float[] w, int wOff, float[] g, int gOff, float[] v, float[] momentum, float[] average, int n,
                        float learningRate, float rho, float momentumFactor, float epsilon) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.RMSPROP);
        j.out = w;
        j.outOff = wOff;
        j.a = g;
        j.aOff = gOff;
        j.s1 = v;
        j.s2 = momentum;
        j.s3 = average;
        j.p1 = learningRate;
        j.p2 = rho;
        j.p3 = momentumFactor;
        j.p4 = epsilon;
        VectorElementwise.run(j, n);
    }

    @Override
    public void sgd(float[] w, int wOff, float[] g, int gOff, float[] velocity, int n, float learningRate,
                    float momentum, boolean nesterov) {
        VectorElementwise.Job j = VectorElementwise.job(VectorElementwise.Op.SGD);
        j.out = w;
        j.outOff = wOff;
        j.a = g;
        j.aOff = gOff;
        j.s1 = velocity;
        j.p1 = learningRate;
        j.p2 = momentum;
        j.flag = nesterov;
        VectorElementwise.run(j, n);
    }
}
