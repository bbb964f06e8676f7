package io.conv4j.kernels.simd;

import io.conv4j.kernels.ConvGeometry;
import io.conv4j.kernels.Im2colConvolution;
import io.conv4j.kernels.Kernels;
import io.conv4j.kernels.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution of an image with few channels into few filters (first layers: LeNet's 1 -> 6, an RGB photo's
 * 3 -> 16), vectorised over the pixels of an output row instead of over channels. The channel-vectorised
 * kernels would fill 6 of 16 lanes, or run a 1-vector tile that the FMA latency limits, and need an im2col
 * matrix kh x kw times the size of the image; here the image is copied into zero-padded planes, one per
 * channel, a vector holds adjacent pixels, and each kernel tap is one load from a plane.
 *
 * <p>Forward: a tile is two vectors of one output row times eight filters (sixteen accumulators); every
 * tap adds its weight times the shifted input row, each row loaded once for all eight (horse-human's first
 * layer: 0.9 -> 0.7 ms per image against four filters a tile). The tiles of all filters are then written
 * out into the NHWC output with one gather per pixel, plus bias and relu.
 * Weight gradient: over blocks of rows that stay in L2, the output gradient is transposed into rows of one
 * filter, and each tap's gradient is the dot product of a filter's gradient rows with the input rows
 * shifted by the tap, two filters by four taps at a time; blocks are summed in order within a fixed number
 * of sample slices, and the slices in order, so no result depends on the thread count. The input gradient
 * of a first layer is never needed; when it is, {@link Im2colConvolution} or {@link ImplicitConvolution}
 * does it.
 */
final class PixelConvolution {
    private static final VectorSpecies<Float> S = VectorGemmKernels.S;
    private static final int L = S.length();
    /** Filters per packed weight block; a forward tile takes two blocks. */
    private static final int FILTERS = 4;
    /** Taps per weight-gradient call. */
    private static final int TAPS = 4;
    /** Cache budget of a weight-gradient block of rows. */
    private static final int BLOCK_BYTES = 256 * 1024;
    /** Input channels this path takes at most. */
    private static final int MAX_CHANNELS = 4;

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);
    /** Per thread: a forward tile, up to L filters' rows of two vectors (plus a margin for the pixel gathers). */
    private static final ThreadLocal<float[]> TILES = ThreadLocal.withInitial(() -> new float[(L + 1) * 2 * L]);
    /** Where a pixel's filters lie in the tile, relative to the first: one row of two vectors apart. */
    private static final int[] FILTER_ROWS = new int[L];

    static {
        for (int f = 0; f < L; f++) {
            FILTER_ROWS[f] = f * 2 * L;
        }
    }

    private PixelConvolution() {
    }

    /**
     * Whether this path suits {@code g}: stride 1, no dilation, few input channels, and at most one vector of
     * filters, half a vector for one channel (where im2col + GEMM is cheap enough once the filters fill a vector).
     */
    static boolean suits(ConvGeometry g, int filters) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.channels() <= MAX_CHANNELS && filters <= (g.channels() == 1 ? L / 2 : L);
    }

    static void forward(ConvGeometry g, int batch, float[] x, int xOff, float[] w, int wOff, int filters,
                        float[] bias, boolean relu, float[] y, int yOff) {
        Job job = JOBS.get();
        try {
            job.layout(g, filters);
            job.packWeights(w, wOff);
            job.pad(batch, x, xOff);
            Arrays.fill(job.paddedBias, 0f);
            if (bias != null) {
                System.arraycopy(bias, 0, job.paddedBias, 0, filters);
            }
            job.relu = relu;
            job.out = y;
            job.outOff = yOff;
            job.phase = Job.FORWARD;
            job.run(batch * g.outHeight());
        } finally {
            job.release();
        }
    }

    /** Adds the kernel gradient to {@code dw} and the bias gradient to {@code db} (if not null). */
    static void weightGradient(Kernels k, ConvGeometry g, int batch, float[] x, int xOff, float[] dy, int dyOff,
                               int filters, float[] dw, float[] db) {
        Job job = JOBS.get();
        try {
            job.layout(g, filters);
            job.pad(batch, x, xOff);
            job.dy = dy;
            job.dyOff = dyOff;
            job.withBias = db != null;
            job.kernels = k;
            job.slices = Math.min(batch, Im2colConvolution.SLICES);
            int taps = g.patchSize();
            int partSize = taps * filters + filters;
            job.parts = grow(job.parts, job.slices * partSize);
            job.sums = grow(job.sums, job.slices * 2 * TAPS);
            job.transposed = grow(job.transposed, job.slices * job.blockRows() * filters * job.vectors * L);
            job.phase = Job.WEIGHTS;
            job.run(job.slices);
            for (int s = 0; s < job.slices; s++) {
                k.add(job.parts, s * partSize, dw, 0, taps * filters);
                if (db != null) {
                    k.add(job.parts, s * partSize + taps * filters, db, 0, filters);
                }
            }
        } finally {
            job.release();
        }
    }

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** One call's state, reused per calling thread. */
    private static final class Job implements Parallel.Body {
        static final int PAD = 0;
        static final int FORWARD = 1;
        static final int WEIGHTS = 2;

        float[] padded = new float[0];
        float[] packed = new float[0];
        float[] parts = new float[0];
        float[] transposed = new float[0];
        /** Per slice: the eight sums of the current weight-gradient call. */
        float[] sums = new float[0];

        ConvGeometry g;
        int filters;
        /** Vectors per output row (two per forward tile), and the padded row length. */
        int vectors;
        int rowLength;
        int paddedH;
        int batch;
        float[] in;
        int inOff;
        /** The bias (zeros without one), one vector long. */
        final float[] paddedBias = new float[L];
        boolean relu;
        float[] out;
        int outOff;
        float[] dy;
        int dyOff;
        boolean withBias;
        Kernels kernels;
        int slices;
        int phase;

        void layout(ConvGeometry geometry, int filterCount) {
            g = geometry;
            filters = filterCount;
            vectors = 2 * ((g.outWidth() + 2 * L - 1) / (2 * L));
            rowLength = vectors * L + g.kernelW() - 1;
            paddedH = g.outHeight() + g.kernelH() - 1;
        }

        int plane() {
            return paddedH * rowLength;
        }

        int paddedSample() {
            return g.channels() * plane();
        }

        /**
         * Output rows per weight-gradient block: their transposed gradient and input planes take about
         * {@link #BLOCK_BYTES}, so the block stays in L2 while every filter pair and tap block reads it.
         */
        int blockRows() {
            int bytesPerRow = (filters + g.channels()) * rowLength * Float.BYTES;
            return Math.max(1, BLOCK_BYTES / bytesPerRow);
        }

        /**
         * Weights HWIO as blocks of FILTERS columns, zero-padded, taps in the order the forward tile reads them
         * (channel, kernel row, kernel column): block b, tap t at (b * taps + t) * FILTERS.
         */
        void packWeights(float[] w, int wOff) {
            int c = g.channels();
            int taps = g.patchSize();
            // An even number of blocks: the forward tile takes two at a time (zeros past the last filter).
            int blocks = (filters + 2 * FILTERS - 1) / (2 * FILTERS) * 2;
            packed = grow(packed, blocks * taps * FILTERS);
            Arrays.fill(packed, 0, blocks * taps * FILTERS, 0f);
            for (int t = 0; t < taps; t++) {
                int read = (t % c * g.kernelH() + t / (g.kernelW() * c)) * g.kernelW() + t / c % g.kernelW();
                for (int f = 0; f < filters; f++) {
                    packed[((f / FILTERS) * taps + read) * FILTERS + f % FILTERS] = w[wOff + t * filters + f];
                }
            }
        }

        /** Copies every sample into zero-bordered planes wide enough for the last tile's taps (in parallel by rows). */
        void pad(int n, float[] x, int xOff) {
            batch = n;
            in = x;
            inOff = xOff;
            padded = grow(padded, n * paddedSample());
            phase = PAD;
            run(n * paddedH);
        }

        void run(int units) {
            if (units > 1 && Parallel.threads() > 1 && !Parallel.inside()) {
                Parallel.forEach(units, this);
            } else {
                run(0, units);
            }
        }

        void release() {
            in = null;
            out = null;
            dy = null;
            kernels = null;
            g = null;
        }

        @Override
        public void run(int from, int to) {
            switch (phase) {
                case PAD -> {
                    for (int r = from; r < to; r++) {
                        padRow(r);
                    }
                }
                case FORWARD -> {
                    float[] tile = TILES.get();
                    for (int r = from; r < to; r++) {
                        forwardRow(r, tile);
                    }
                }
                default -> {
                    for (int s = from; s < to; s++) {
                        weightSlice(s);
                    }
                }
            }
        }

        /** Padded row r (over the batch) of every plane: the input row's channels apart, zeros around. */
        private void padRow(int r) {
            int s = r / paddedH;
            int py = r - s * paddedH;
            int c = g.channels();
            int iy = py - g.padTop();
            int cols = Math.max(0, Math.min(g.width(), rowLength - g.padLeft()));
            for (int ch = 0; ch < c; ch++) {
                int dst = s * paddedSample() + ch * plane() + py * rowLength;
                Arrays.fill(padded, dst, dst + rowLength, 0f);
                if (iy < 0 || iy >= g.height()) {
                    continue;
                }
                dst += g.padLeft();
                if (c == 1) {
                    System.arraycopy(in, inOff + (s * g.height() + iy) * g.width(), padded, dst, cols);
                } else {
                    int src = inOff + (s * g.height() + iy) * g.width() * c + ch;
                    for (int ix = 0; ix < cols; ix++, src += c) {
                        padded[dst + ix] = in[src];
                    }
                }
            }
        }

        /** Output row r (over the batch): every tile of two vectors, every block of filters. */
        private void forwardRow(int r, float[] tile) {
            int s = r / g.outHeight();
            int oy = r - s * g.outHeight();
            int taps = g.patchSize();
            int rowBase = s * paddedSample() + oy * rowLength;
            int outW = g.outWidth();
            int pixelBase = outOff + r * outW * filters;
            VectorMask<Float> lanes = S.indexInRange(0, filters);
            // Bias from a zero-padded copy: a masked load from an array shorter than a vector takes the Vector
            // API's slow, unintrinsified path (0.3 ms of a 3.3 ms horse-human prediction, once per row).
            FloatVector b = FloatVector.fromArray(S, paddedBias, 0);
            for (int x0 = 0; x0 < outW; x0 += 2 * L) {
                int width = Math.min(2 * L, outW - x0);
                for (int f0 = 0; f0 < filters; f0 += 2 * FILTERS) {
                    tile8x2(padded, rowBase + x0, plane(), g.channels(), rowLength, g.kernelH(), g.kernelW(), packed,
                            (f0 / FILTERS) * taps * FILTERS, (f0 / FILTERS + 1) * taps * FILTERS, tile, f0 * 2 * L);
                }
                // Transposed into NHWC: each pixel's filters gathered from the tile's rows, stored as one vector.
                int dst = pixelBase + x0 * filters;
                for (int i = 0; i < width; i++, dst += filters) {
                    FloatVector v = FloatVector.fromArray(S, tile, i, FILTER_ROWS, 0, lanes).add(b);
                    if (relu) {
                        v = v.max(0f);
                    }
                    v.intoArray(out, dst, lanes);
                }
            }
        }

        /**
         * Slice s's partial gradients, in blocks of rows that stay in cache: each block's output gradient
         * transposed, then every pair of filters against every four taps over the block's rows.
         */
        private void weightSlice(int slice) {
            int taps = g.patchSize();
            int partSize = taps * filters + filters;
            int part = slice * partSize;
            Arrays.fill(parts, part, part + partSize, 0f);
            int outH = g.outHeight();
            int outW = g.outWidth();
            int first = (int) ((long) batch * slice / slices) * outH;
            int end = (int) ((long) batch * (slice + 1) / slices) * outH;
            int rowVectors = vectors * L;
            int block = blockRows();
            int tBase = slice * block * filters * rowVectors;
            for (int r0 = first; r0 < end; r0 += block) {
                int rows = Math.min(block, end - r0);
                int rowDy = dyOff + r0 * outW * filters;
                if (withBias) {
                    kernels.addColumnSums(dy, rowDy, rows * outW, filters, parts, part + taps * filters);
                }
                Arrays.fill(transposed, tBase, tBase + filters * rows * rowVectors, 0f);
                for (int r = 0; r < rows; r++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int d = rowDy + (r * outW + ox) * filters;
                        int to = tBase + r * rowVectors + ox;
                        for (int f = 0; f < filters; f++) {
                            transposed[to + f * rows * rowVectors] = dy[d + f];
                        }
                    }
                }
                for (int f0 = 0; f0 < filters; f0 += 2) {
                    int f1 = Math.min(f0 + 1, filters - 1);
                    for (int t0 = 0; t0 < taps; t0 += TAPS) {
                        int o0 = tapOffset(t0);
                        int o1 = tapOffset(Math.min(t0 + 1, taps - 1));
                        int o2 = tapOffset(Math.min(t0 + 2, taps - 1));
                        int o3 = tapOffset(Math.min(t0 + 3, taps - 1));
                        gradient2x4(padded, paddedSample(), rowLength, r0 / outH, r0 % outH, rows, outH, o0, o1, o2, o3,
                                transposed, tBase + f0 * rows * rowVectors, tBase + f1 * rows * rowVectors, rowVectors,
                                (outW + L - 1) / L, sums, slice * 2 * TAPS);
                        for (int j = 0; j < TAPS && t0 + j < taps; j++) {
                            parts[part + (t0 + j) * filters + f0] += sums[slice * 2 * TAPS + j];
                            if (f1 != f0) {
                                parts[part + (t0 + j) * filters + f1] += sums[slice * 2 * TAPS + TAPS + j];
                            }
                        }
                    }
                }
            }
        }

        /** Where tap t of the HWIO kernel (kernel row, kernel column, channel) reads, relative to a pixel. */
        private int tapOffset(int t) {
            int c = g.channels();
            return t % c * plane() + t / (g.kernelW() * c) * rowLength + t / c % g.kernelW();
        }
    }

    /**
     * Eight filters (two packed blocks of four, at wBase0 and wBase1) times two vectors of output pixels
     * starting at {@code base} in the first padded plane: {@code tile[at + f * 2L + i]} = sum over taps of
     * {@code w[tap, f]} times the input at pixel i shifted by the tap. Each shifted input row loaded serves
     * all eight filters.
     */
    private static void tile8x2(float[] x, int base, int plane, int channels, int rowLength, int kh, int kw, float[] w,
                                int wBase0, int wBase1, float[] tile, int at) {
        var s = VectorGemmKernels.S;
        FloatVector c00 = FloatVector.zero(s);
        FloatVector c01 = FloatVector.zero(s);
        FloatVector c10 = FloatVector.zero(s);
        FloatVector c11 = FloatVector.zero(s);
        FloatVector c20 = FloatVector.zero(s);
        FloatVector c21 = FloatVector.zero(s);
        FloatVector c30 = FloatVector.zero(s);
        FloatVector c31 = FloatVector.zero(s);
        FloatVector c40 = FloatVector.zero(s);
        FloatVector c41 = FloatVector.zero(s);
        FloatVector c50 = FloatVector.zero(s);
        FloatVector c51 = FloatVector.zero(s);
        FloatVector c60 = FloatVector.zero(s);
        FloatVector c61 = FloatVector.zero(s);
        FloatVector c70 = FloatVector.zero(s);
        FloatVector c71 = FloatVector.zero(s);
        int wi = wBase0;
        int wj = wBase1;
        for (int tapRow = 0; tapRow < channels * kh; tapRow++) {
            int row = base + tapRow / kh * plane + tapRow % kh * rowLength;
            for (int kx = 0; kx < kw; kx++, wi += FILTERS, wj += FILTERS) {
                FloatVector x0 = FloatVector.fromArray(s, x, row + kx);
                FloatVector x1 = FloatVector.fromArray(s, x, row + kx + L);
                FloatVector w0 = FloatVector.broadcast(s, w[wi]);
                c00 = x0.fma(w0, c00);
                c01 = x1.fma(w0, c01);
                FloatVector w1 = FloatVector.broadcast(s, w[wi + 1]);
                c10 = x0.fma(w1, c10);
                c11 = x1.fma(w1, c11);
                FloatVector w2 = FloatVector.broadcast(s, w[wi + 2]);
                c20 = x0.fma(w2, c20);
                c21 = x1.fma(w2, c21);
                FloatVector w3 = FloatVector.broadcast(s, w[wi + 3]);
                c30 = x0.fma(w3, c30);
                c31 = x1.fma(w3, c31);
                FloatVector w4 = FloatVector.broadcast(s, w[wj]);
                c40 = x0.fma(w4, c40);
                c41 = x1.fma(w4, c41);
                FloatVector w5 = FloatVector.broadcast(s, w[wj + 1]);
                c50 = x0.fma(w5, c50);
                c51 = x1.fma(w5, c51);
                FloatVector w6 = FloatVector.broadcast(s, w[wj + 2]);
                c60 = x0.fma(w6, c60);
                c61 = x1.fma(w6, c61);
                FloatVector w7 = FloatVector.broadcast(s, w[wj + 3]);
                c70 = x0.fma(w7, c70);
                c71 = x1.fma(w7, c71);
            }
        }
        c00.intoArray(tile, at);
        c01.intoArray(tile, at + L);
        c10.intoArray(tile, at + 2 * L);
        c11.intoArray(tile, at + 3 * L);
        c20.intoArray(tile, at + 4 * L);
        c21.intoArray(tile, at + 5 * L);
        c30.intoArray(tile, at + 6 * L);
        c31.intoArray(tile, at + 7 * L);
        c40.intoArray(tile, at + 8 * L);
        c41.intoArray(tile, at + 9 * L);
        c50.intoArray(tile, at + 10 * L);
        c51.intoArray(tile, at + 11 * L);
        c60.intoArray(tile, at + 12 * L);
        c61.intoArray(tile, at + 13 * L);
        c70.intoArray(tile, at + 14 * L);
        c71.intoArray(tile, at + 15 * L);
    }

    /**
     * Two filters' gradient rows ({@code d0}, {@code d1}, {@code dRow} apart) against the input rows shifted
     * by four taps (offsets {@code o0..o3}), over {@code rows} output rows from row {@code oy} of sample
     * {@code n} (running on into the next samples), {@code vectors} vectors each: {@code sums[at + j]} for
     * filter 0 and tap j, {@code sums[at + 4 + j]} for filter 1.
     */
    private static void gradient2x4(float[] x, int xSample, int rowLength, int n, int oy, int rows, int outH,
                                    int o0, int o1, int o2, int o3, float[] d, int d0, int d1, int dRow, int vectors,
                                    float[] sums, int at) {
        var s = VectorGemmKernels.S;
        FloatVector a00 = FloatVector.zero(s);
        FloatVector a01 = FloatVector.zero(s);
        FloatVector a02 = FloatVector.zero(s);
        FloatVector a03 = FloatVector.zero(s);
        FloatVector a10 = FloatVector.zero(s);
        FloatVector a11 = FloatVector.zero(s);
        FloatVector a12 = FloatVector.zero(s);
        FloatVector a13 = FloatVector.zero(s);
        for (int r = 0, di = 0; r < rows; r++, di += dRow) {
            int xi = n * xSample + oy * rowLength;
            for (int v = 0, dv = di; v < vectors; v++, xi += L, dv += L) {
                FloatVector g0 = FloatVector.fromArray(s, d, d0 + dv);
                FloatVector g1 = FloatVector.fromArray(s, d, d1 + dv);
                FloatVector x0 = FloatVector.fromArray(s, x, xi + o0);
                a00 = x0.fma(g0, a00);
                a10 = x0.fma(g1, a10);
                FloatVector x1 = FloatVector.fromArray(s, x, xi + o1);
                a01 = x1.fma(g0, a01);
                a11 = x1.fma(g1, a11);
                FloatVector x2 = FloatVector.fromArray(s, x, xi + o2);
                a02 = x2.fma(g0, a02);
                a12 = x2.fma(g1, a12);
                FloatVector x3 = FloatVector.fromArray(s, x, xi + o3);
                a03 = x3.fma(g0, a03);
                a13 = x3.fma(g1, a13);
            }
            if (++oy == outH) {
                oy = 0;
                n++;
            }
        }
        sums[at + 0] = a00.reduceLanes(VectorOperators.ADD);
        sums[at + 1] = a01.reduceLanes(VectorOperators.ADD);
        sums[at + 2] = a02.reduceLanes(VectorOperators.ADD);
        sums[at + 3] = a03.reduceLanes(VectorOperators.ADD);
        sums[at + 4] = a10.reduceLanes(VectorOperators.ADD);
        sums[at + 5] = a11.reduceLanes(VectorOperators.ADD);
        sums[at + 6] = a12.reduceLanes(VectorOperators.ADD);
        sums[at + 7] = a13.reduceLanes(VectorOperators.ADD);
    }
}
