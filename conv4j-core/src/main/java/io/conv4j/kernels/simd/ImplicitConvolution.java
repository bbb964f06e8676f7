package io.conv4j.kernels.simd;

import io.conv4j.kernels.ConvGeometry;
import io.conv4j.kernels.Im2colConvolution;
import io.conv4j.kernels.Kernels;
import io.conv4j.kernels.Parallel;
import java.util.Arrays;

/**
 * Convolution as an implicit GEMM: the micro-kernels read the input image where it lies (zero-padded into
 * a scratch copy when there is padding) instead of through an im2col matrix, which saves writing and
 * re-reading kh x kw copies of every activation.
 *
 * <p>The virtual im2col row of an output pixel is its input window: kh runs of kw x C adjacent values, one
 * per kernel row. A tile is six output pixels: with padding, one position in six samples, whose windows
 * overlap the padding alike so the taps there are skipped; otherwise (and for the samples left over) six
 * consecutive pixels of the batch, across row and sample ends. The "rows" micro-kernel takes the six window
 * starts and runs once per kernel row, accumulating in the output tile, with bias and relu on the last.
 * The weight gradient reads six adjacent values of the windows side by side against the output gradient:
 * one output row at a time for wide outputs ("transposed" layout), blocks of pixels across rows and
 * samples for narrow ones ("grid" layout, again skipping the pixels whose taps fall in the padding). The
 * input gradient of a stride-1 convolution is itself a convolution: of the padded output gradient with the
 * kernel rotated and its channel axes swapped.
 *
 * <p>Each forward and input-gradient call needs enough work per kernel row to amortise loading and storing
 * the output tile; shapes that do not have it (one input channel, few filters) go through
 * {@link Im2colConvolution}. Forward
 * and input-gradient tiles are split over threads; the weight gradient over a fixed number of sample slices
 * whose partial sums are added in order, so no result depends on the thread count.
 */
final class ImplicitConvolution {
    private static final int L = VectorGemmKernels.L;
    private static final int NR = 4 * L;
    private static final int MR = 6;
    /**
     * Multiply-adds per kernel-row call below which loading and storing the output tile does not pay
     * (LeNet's second convolution, 5 x 6 = 30 per row, takes 0.7 ms here against 1.2 ms through im2col).
     */
    private static final int MIN_ROW_LENGTH = 24;
    /** Floats after the last padded sample: a weight-gradient strip of up to twelve values may run past it. */
    private static final int MARGIN = 2 * MR;
    /**
     * Output pixels per row from which the weight gradient runs row by row; narrower outputs walk blocks of
     * {@link #BLOCK_PIXELS} pixels (LeNet's 7 x 7: 3.0 -> 2.1 ms, and 5 x 5 taps skipped in the padding).
     */
    private static final int MIN_OUTPUT_WIDTH = 48;
    /** Output pixels per weight-gradient block: their packed output gradient stays in L1 for every tile. */
    private static final int BLOCK_PIXELS = 256;

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);
    private static final ThreadLocal<float[]> TILES = ThreadLocal.withInitial(() -> new float[MR * NR + NR]);
    /**
     * Output tiles per unit of forward work when the weights do not fit in L1: each kernel row's weights are
     * then loaded into L1 once for all of them (MNIST's second convolution: 9.5 -> 8.9 ms forward).
     */
    private static final int TILE_GROUP = 8;
    /** Packed weights up to this size stay in L1 (48 KB) with the tile's inputs and outputs. */
    private static final int L1_WEIGHTS = 40 * 1024;
    /** Fields of a tile descriptor: six window starts, then the rest (see {@code Job.describeTile}). */
    private static final int A0 = 0;
    private static final int PIXELS = 6;
    private static final int DST = 7;
    private static final int ROW_STEP = 8;
    private static final int KY0 = 9;
    private static final int KY1 = 10;
    private static final int KX0 = 11;
    private static final int KX1 = 12;
    private static final int FIELDS = 13;
    /** Per thread: the descriptors of a group of tiles. */
    private static final ThreadLocal<int[]> DESCRIPTORS = ThreadLocal.withInitial(() -> new int[TILE_GROUP * FIELDS]);

    private ImplicitConvolution() {
    }

    /** The first output index (of {@code outLength}) whose window tap {@code k} lies inside the image. */
    static int firstInside(int k, int pad, int stride, int outLength) {
        return Math.min(outLength, Math.max(0, Math.ceilDiv(pad - k, stride)));
    }

    /** One past the last output index whose window tap {@code k} lies inside an image of {@code inLength}. */
    static int endInside(int k, int pad, int inLength, int stride, int outLength) {
        return Math.min(outLength, Math.max(0, Math.ceilDiv(inLength + pad - k, stride)));
    }

    /** Whether the forward pass runs here: no dilation, and window rows long enough. */
    static boolean forward(ConvGeometry g) {
        return g.dilationH() == 1 && g.dilationW() == 1 && g.kernelW() * g.channels() >= MIN_ROW_LENGTH;
    }

    /** Whether the weight gradient runs here: no dilation. */
    static boolean weightGradient(ConvGeometry g) {
        return g.dilationH() == 1 && g.dilationW() == 1;
    }

    /** Whether the input gradient runs here: stride 1, no dilation, enough output channels. */
    static boolean inputGradient(ConvGeometry g, int filters) {
        return g.dilationH() == 1 && g.dilationW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.kernelW() * filters >= MIN_ROW_LENGTH;
    }

    static void forward(ConvGeometry g, int batch, float[] x, int xOff, float[] w, int wOff, int filters,
                        float[] bias, boolean relu, float[] y, int yOff) {
        Job job = JOBS.get();
        Plan plan = job.plan.convolution(g, filters);
        job.packWeights(plan, w, wOff, false);
        job.convolve(plan, batch, x, xOff, bias, relu, y, yOff);
    }

    /** Input gradient of a stride-1 convolution: dx = conv(pad(dy), rotated w). */
    static void inputGradient(ConvGeometry g, int batch, float[] dy, int dyOff, float[] w, int wOff, int filters,
                              float[] dx, int dxOff) {
        Job job = JOBS.get();
        Plan plan = job.plan.inputGradient(g, filters);
        job.packWeights(plan, w, wOff, true);
        job.convolve(plan, batch, dy, dyOff, null, false, dx, dxOff);
    }

    /** Adds the kernel gradient to {@code dw} and the bias gradient to {@code db} (if not null). */
    static void weightGradient(Kernels k, ConvGeometry g, int batch, float[] x, int xOff, float[] dy, int dyOff,
                               int filters, float[] dw, float[] db) {
        Job job = JOBS.get();
        Plan plan = job.plan.convolution(g, filters);
        job.weightGradient(k, plan, batch, x, xOff, dy, dyOff, dw, db);
    }

    /**
     * A convolution problem: input (inH, inW, inC) read as if padded by padTop rows and padLeft columns of
     * zeros, kh x kw windows with the given strides, output (outH, outW, outC).
     *
     * <p>Each thread's {@link Job} owns one plan and fills it in per call, so a steady training step
     * allocates nothing: a job is never re-entered, and the pool threads read the plan after the same
     * hand-off that publishes the job's other fields.
     */
    private static final class Plan {
        private int inH;
        private int inW;
        private int inC;
        private int kh;
        private int kw;
        private int strideH;
        private int strideW;
        private int padTop;
        private int padLeft;
        private int outH;
        private int outW;
        private int outC;

        /** The forward convolution of {@code g} with {@code filters} outputs (also what its weight gradient reads). */
        Plan convolution(ConvGeometry g, int filters) {
            return set(g.height(), g.width(), g.channels(), g.kernelH(), g.kernelW(), g.strideH(), g.strideW(),
                    g.padTop(), g.padLeft(), g.outHeight(), g.outWidth(), filters);
        }

        /** The input gradient of a stride-1 {@code g}: the padded output gradient convolved with the rotated kernel. */
        Plan inputGradient(ConvGeometry g, int filters) {
            return set(g.outHeight(), g.outWidth(), filters, g.kernelH(), g.kernelW(), 1, 1,
                    g.kernelH() - 1 - g.padTop(), g.kernelW() - 1 - g.padLeft(), g.height(), g.width(), g.channels());
        }

        private Plan set(int inH, int inW, int inC, int kh, int kw, int strideH, int strideW, int padTop, int padLeft,
                         int outH, int outW, int outC) {
            this.inH = inH;
            this.inW = inW;
            this.inC = inC;
            this.kh = kh;
            this.kw = kw;
            this.strideH = strideH;
            this.strideW = strideW;
            this.padTop = padTop;
            this.padLeft = padLeft;
            this.outH = outH;
            this.outW = outW;
            this.outC = outC;
            return this;
        }

        int inH() {
            return inH;
        }

        int inW() {
            return inW;
        }

        int inC() {
            return inC;
        }

        int kh() {
            return kh;
        }

        int kw() {
            return kw;
        }

        int strideH() {
            return strideH;
        }

        int strideW() {
            return strideW;
        }

        int padTop() {
            return padTop;
        }

        int padLeft() {
            return padLeft;
        }

        int outH() {
            return outH;
        }

        int outW() {
            return outW;
        }

        int outC() {
            return outC;
        }

        /** Height of the padded input: every window of every output row fits. */
        int paddedH() {
            return (outH - 1) * strideH + kh;
        }

        int paddedW() {
            return (outW - 1) * strideW + kw;
        }

        /** True when the windows read the input exactly as it is: no copy needed. */
        boolean unpadded() {
            return padTop == 0 && padLeft == 0 && paddedH() == inH && paddedW() == inW;
        }

        int paddedSample() {
            return paddedH() * paddedW() * inC;
        }

        int patch() {
            return kh * kw * inC;
        }
    }

    /** One call's state, reused per calling thread: packed weights, padded inputs, partial gradients. */
    private static final class Job implements Parallel.Body {
        private static final int PAD = 0;
        private static final int CONVOLVE = 1;
        private static final int WEIGHTS = 2;

        private float[] packed = new float[0];
        private float[] padded = new float[0];
        private float[] parts = new float[0];
        private float[] packedDy = new float[0];
        private final Panels panels = new Panels();
        /** This job's plan, refilled by every call. */
        private final Plan plan = new Plan();
        private int batch;
        private float[] in;
        private int inOff;
        /** Where the (padded) input is read: {@link #padded}, or the input itself when no padding is needed. */
        private float[] src;
        private int srcOff;
        private float[] bias;
        private boolean relu;
        private float[] out;
        private int outOff;
        private int phase;
        /** Groups of six samples whose output tiles are taken by position; the remaining samples by pixel. */
        private int groups;
        private int tileCount;
        /** Tiles per unit of forward work: {@link #TILE_GROUP}, or 1 when the weights fit in L1. */
        private int tileGroup;
        private float[] dy;
        private int dyOff;
        private boolean withBias;
        private int slices;
        private Kernels kernels;

        /**
         * Packs the (patch x outC) weight matrix into zero-padded panels: panel p is patch rows of its width,
         * starting at {@code patch * panels.start(p)}. With {@code rotated}, the matrix is the forward kernel
         * turned by 180 degrees with input and output channels swapped (the input-gradient convolution).
         */
        void packWeights(Plan p, float[] w, int wOff, boolean rotated) {
            panels.layout(p.outC());
            int patch = p.patch();
            if (packed.length < patch * panels.padded()) {
                packed = new float[patch * panels.padded()];
            }
            int kh = p.kh();
            int kw = p.kw();
            int inC = p.inC();
            int outC = p.outC();
            for (int q = 0; q < panels.count(); q++) {
                int width = panels.width(q);
                int j0 = panels.start(q);
                int cols = Math.min(width, outC - j0);
                int base = patch * j0;
                for (int k = 0; k < patch; k++) {
                    int dst = base + k * width;
                    if (rotated) {
                        // Row k = (ky, kx, f) is w[kh-1-ky, kw-1-kx, c, f] over the columns c.
                        int ky = k / (kw * inC);
                        int kx = (k / inC) % kw;
                        int f = k % inC;
                        int from = wOff + ((kh - 1 - ky) * kw + (kw - 1 - kx)) * outC * inC + f;
                        for (int j = 0; j < cols; j++) {
                            packed[dst + j] = w[from + (j0 + j) * inC];
                        }
                    } else {
                        System.arraycopy(w, wOff + k * outC + j0, packed, dst, cols);
                    }
                    Arrays.fill(packed, dst + cols, dst + width, 0f);
                }
            }
        }

        /**
         * Reads the input in place or pads it into the scratch buffer (in parallel over samples). The scratch
         * buffer ends with a margin, so a strip of values may run past the last window.
         */
        private void prepareInput(Plan p, int n, float[] input, int inputOff, boolean copy) {
            batch = n;
            in = input;
            inOff = inputOff;
            if (p.unpadded() && !copy) {
                src = input;
                srcOff = inputOff;
                return;
            }
            int size = n * p.paddedSample() + MARGIN;
            if (padded.length < size) {
                padded = new float[size];
            }
            src = padded;
            srcOff = 0;
            phase = PAD;
            run(n);
        }

        void convolve(Plan p, int n, float[] input, int inputOff, float[] b, boolean withRelu, float[] output, int outputOff) {
            try {
                prepareInput(p, n, input, inputOff, false);
                bias = b;
                relu = withRelu;
                out = output;
                outOff = outputOff;
                phase = CONVOLVE;
                int positions = p.outH() * p.outW();
                // With padding, whole groups of six samples are tiled by output position, so that a tile's
                // six windows overlap the padding alike and the kernel can skip the taps that fall in it.
                groups = p.unpadded() ? 0 : n / MR;
                tileCount = groups * positions + ((n - groups * MR) * positions + MR - 1) / MR;
                // Weights that fit in L1 stay there anyway; larger ones are taken a kernel row at a time.
                tileGroup = (long) p.patch() * panels.padded() * Float.BYTES > L1_WEIGHTS ? TILE_GROUP : 1;
                run((tileCount + tileGroup - 1) / tileGroup);
            } finally {
                release();
            }
        }

        void weightGradient(Kernels k, Plan p, int n, float[] input, int inputOff, float[] gradient, int gradientOff,
                            float[] dw, float[] db) {
            try {
                weightGradientParts(k, p, n, input, inputOff, gradient, gradientOff, dw, db);
            } finally {
                release();
            }
        }

        private void weightGradientParts(Kernels k, Plan p, int n, float[] input, int inputOff, float[] gradient,
                                         int gradientOff, float[] dw, float[] db) {
            panels.layout(p.outC());
            prepareInput(p, n, input, inputOff, true);
            dy = gradient;
            dyOff = gradientOff;
            withBias = db != null;
            kernels = k;
            slices = Math.min(n, Im2colConvolution.SLICES);
            int weightSize = p.patch() * p.outC();
            int partSize = weightSize + p.outC();
            if (parts.length < slices * partSize) {
                parts = new float[slices * partSize];
            }
            int positions = p.outH() * p.outW();
            // Per slice: one sample's output gradient, or for narrow outputs one block's.
            int packSize = (byBlocks(p) ? blockPixels(p) : positions) * panels.padded();
            if (packedDy.length < slices * packSize) {
                packedDy = new float[slices * packSize];
            }
            phase = WEIGHTS;
            run(slices);
            for (int s = 0; s < slices; s++) {
                k.add(parts, s * partSize, dw, 0, weightSize);
                if (db != null) {
                    k.add(parts, s * partSize + weightSize, db, 0, p.outC());
                }
            }
        }

        private void run(int units) {
            if (units > 1 && Parallel.threads() > 1 && !Parallel.inside()) {
                Parallel.forEach(units, this);
            } else {
                run(0, units);
            }
        }

        private void release() {
            in = null;
            src = null;
            out = null;
            bias = null;
            dy = null;
            kernels = null;
        }

        @Override
        public void run(int from, int to) {
            switch (phase) {
                case PAD -> {
                    for (int s = from; s < to; s++) {
                        pad(s);
                    }
                }
                case CONVOLVE -> {
                    float[] tile = TILES.get();
                    int[] tiles = DESCRIPTORS.get();
                    int total = tileCount;
                    int group = tileGroup;
                    for (int t = from * group; t < Math.min(total, to * group); t += group) {
                        outputTiles(t, Math.min(total, t + group), tile, tiles);
                    }
                }
                default -> {
                    float[] tile = TILES.get();
                    for (int s = from; s < to; s++) {
                        if (byBlocks(plan)) {
                            weightSliceByBlocks(s, tile);
                        } else {
                            weightSlice(s, tile);
                        }
                    }
                }
            }
        }

        /** Copies sample s into its zero-bordered slot of the padded buffer. */
        private void pad(int s) {
            Plan p = plan;
            int c = p.inC();
            int pw = p.paddedW();
            int base = s * p.paddedSample();
            Arrays.fill(padded, base, base + p.paddedSample() + (s == batch - 1 ? MARGIN : 0), 0f);
            int rows = Math.min(p.inH(), p.paddedH() - p.padTop());
            int cols = Math.min(p.inW(), pw - p.padLeft());
            for (int iy = 0; iy < rows; iy++) {
                System.arraycopy(in, inOff + (s * p.inH() + iy) * p.inW() * c, padded,
                        base + ((iy + p.padTop()) * pw + p.padLeft()) * c, cols * c);
            }
        }

        /** Where the window of output pixel {@code pixel} (counted over the whole batch) starts. */
        private int window(int pixel) {
            Plan p = plan;
            int perSample = p.outH() * p.outW();
            int s = pixel / perSample;
            int rest = pixel - s * perSample;
            int oy = rest / p.outW();
            int ox = rest - oy * p.outW();
            return srcOff + s * p.paddedSample() + (oy * p.strideH() * p.paddedW() + ox * p.strideW()) * p.inC();
        }

        /**
         * Describes tile t in {@code tiles} at {@code at}: its six window starts, pixels, first output element,
         * the step between its output rows, and the kernel rows and columns it computes. The first
         * {@code groups * positions} tiles each hold one output position of six consecutive samples: their
         * windows share the range of kernel rows and columns that falls inside the image, and only that range
         * is computed (a 5 x 5 "same" kernel on 7 x 7 pixels skips 31% of the work). The rest hold six
         * consecutive output pixels of the remaining samples, all taps each.
         */
        private void describeTile(int t, int[] tiles, int at) {
            Plan p = plan;
            int positions = p.outH() * p.outW();
            int byPosition = groups * positions;
            if (t < byPosition) {
                int position = t % positions;
                int first = (t / positions) * MR * positions + position;
                int a0 = window(first);
                for (int r = 0; r < MR; r++) {
                    tiles[at + A0 + r] = a0 + r * p.paddedSample();
                }
                tiles[at + PIXELS] = MR;
                tiles[at + DST] = first * p.outC();
                tiles[at + ROW_STEP] = positions * p.outC();
                int top = position / p.outW() * p.strideH();
                int left = position % p.outW() * p.strideW();
                int ky0 = Math.min(p.kh() - 1, Math.max(0, p.padTop() - top));
                int kx0 = Math.min(p.kw() - 1, Math.max(0, p.padLeft() - left));
                tiles[at + KY0] = ky0;
                tiles[at + KY1] = Math.max(ky0 + 1, Math.min(p.kh(), p.inH() + p.padTop() - top));
                tiles[at + KX0] = kx0;
                // An empty column range (a window wholly in the padding) leaves no taps: the tile is the bias.
                tiles[at + KX1] = Math.max(kx0, Math.min(p.kw(), p.inW() + p.padLeft() - left));
            } else {
                int first = byPosition * MR + (t - byPosition) * MR;
                int pixels = Math.min(MR, batch * positions - first);
                for (int r = 0; r < MR; r++) {
                    tiles[at + A0 + r] = window(first + Math.min(r, pixels - 1));
                }
                tiles[at + PIXELS] = pixels;
                tiles[at + DST] = first * p.outC();
                tiles[at + ROW_STEP] = p.outC();
                tiles[at + KY0] = 0;
                tiles[at + KY1] = p.kh();
                tiles[at + KX0] = 0;
                tiles[at + KX1] = p.kw();
            }
        }

        /**
         * Tiles [t0, t1), every panel, one kernel call per tile and kernel row. Whole tiles of a panel take
         * each kernel row in turn, so that row's weights (up to 24 KB) stay in L1 while they pass over it;
         * tiles with fewer pixels or a partial panel go one by one through the scratch tile.
         */
        private void outputTiles(int t0, int t1, float[] tile, int[] tiles) {
            Plan p = plan;
            for (int t = t0; t < t1; t++) {
                describeTile(t, tiles, (t - t0) * FIELDS);
            }
            int count = t1 - t0;
            for (int q = 0; q < panels.count(); q++) {
                int width = panels.width(q);
                if (panels.start(q) + width <= p.outC()) {
                    for (int ky = 0; ky < p.kh(); ky++) {
                        for (int i = 0; i < count; i++) {
                            int at = i * FIELDS;
                            if (tiles[at + PIXELS] == MR && ky >= tiles[at + KY0] && ky < tiles[at + KY1]) {
                                tileRow(q, ky, tiles, at, out, outOff + tiles[at + DST] + panels.start(q),
                                        tiles[at + ROW_STEP], bias, panels.start(q));
                            }
                        }
                    }
                }
                for (int i = 0; i < count; i++) {
                    int at = i * FIELDS;
                    if (tiles[at + PIXELS] < MR || panels.start(q) + width > p.outC()) {
                        scratchTile(q, tiles, at, tile);
                    }
                }
            }
        }

        /** Tile {@code at}'s kernel row ky on panel q into C at cIdx (rows ldc apart); bias, relu on its last row. */
        private void tileRow(int q, int ky, int[] tiles, int at, float[] c, int cIdx, int ldc, float[] b, int biasIdx) {
            Plan p = plan;
            int inC = p.inC();
            int width = panels.width(q);
            int kx0 = tiles[at + KX0];
            int kc = (tiles[at + KX1] - kx0) * inC;
            int o = ky * p.paddedW() * inC + kx0 * inC;
            boolean lastRow = ky == tiles[at + KY1] - 1;
            VectorGemm.rows(width / L, kc, src, tiles[at + A0] + o, tiles[at + A0 + 1] + o, tiles[at + A0 + 2] + o,
                    tiles[at + A0 + 3] + o, tiles[at + A0 + 4] + o, tiles[at + A0 + 5] + o, packed,
                    p.patch() * panels.start(q) + (ky * p.kw() + kx0) * inC * width, c, cIdx, ldc, ky > tiles[at + KY0],
                    lastRow ? b : null, biasIdx, lastRow && relu);
        }

        /** Tile {@code at} on panel q through the scratch tile, then its pixels' columns copied out. */
        private void scratchTile(int q, int[] tiles, int at, float[] tile) {
            int width = panels.width(q);
            int cols = Math.min(width, plan.outC() - panels.start(q));
            float[] b = bias;
            int biasIdx = panels.start(q);
            if (b != null && cols < width) {
                Arrays.fill(tile, MR * NR, MR * NR + width, 0f);
                System.arraycopy(bias, biasIdx, tile, MR * NR, cols);
                b = tile;
                biasIdx = MR * NR;
            }
            for (int ky = tiles[at + KY0]; ky < tiles[at + KY1]; ky++) {
                tileRow(q, ky, tiles, at, tile, 0, width, b, biasIdx);
            }
            int dst = outOff + tiles[at + DST] + panels.start(q);
            for (int r = 0; r < tiles[at + PIXELS]; r++) {
                System.arraycopy(tile, r * width, out, dst + r * tiles[at + ROW_STEP], cols);
            }
        }

        /**
         * Slice s's partial weight gradient: for each of its samples, each output row, each kernel row and
         * each strip of six adjacent window values, those values over the row's pixels times the gradient.
         */
        private void weightSlice(int slice, float[] tile) {
            Plan p = plan;
            int c = p.inC();
            int pw = p.paddedW();
            int outC = p.outC();
            int patch = p.patch();
            int rowLength = p.kw() * c;
            int positions = p.outH() * p.outW();
            int partSize = patch * outC + outC;
            int part = slice * partSize;
            Arrays.fill(parts, part, part + partSize, 0f);
            int dyPack = slice * positions * panels.padded();
            int lda = p.strideW() * c;
            int first = (int) ((long) batch * slice / slices);
            int last = (int) ((long) batch * (slice + 1) / slices);
            for (int s = first; s < last; s++) {
                int sampleDy = dyOff + s * positions * outC;
                if (withBias) {
                    kernels.addColumnSums(dy, sampleDy, positions, outC, parts, part + patch * outC);
                }
                packDy(sampleDy, positions, outC, dyPack);
                int sampleBase = srcOff + s * p.paddedSample();
                for (int oy = 0; oy < p.outH(); oy++) {
                    for (int ky = 0; ky < p.kh(); ky++) {
                        int rowBase = sampleBase + (oy * p.strideH() + ky) * pw * c;
                        for (int r0 = 0; r0 < rowLength; r0 += MR) {
                            int rows = Math.min(MR, rowLength - r0);
                            int dwRow = part + (ky * rowLength + r0) * outC;
                            for (int q = 0; q < panels.count(); q++) {
                                int width = panels.width(q);
                                int cols = Math.min(width, outC - panels.start(q));
                                int bIdx = dyPack + positions * panels.start(q) + oy * p.outW() * width;
                                int dst = dwRow + panels.start(q);
                                if (rows == MR && cols == width) {
                                    VectorGemm.transposed(width / L, p.outW(), src, rowBase + r0, lda, packedDy, bIdx,
                                            parts, dst, outC, true, null, 0, false);
                                } else {
                                    // Past the last strip the six values run into the next pixel (the padded
                                    // copy has a margin at its end): computed, then dropped.
                                    Arrays.fill(tile, 0, MR * width, 0f);
                                    for (int r = 0; r < rows; r++) {
                                        System.arraycopy(parts, dst + r * outC, tile, r * width, cols);
                                    }
                                    VectorGemm.transposed(width / L, p.outW(), src, rowBase + r0, lda, packedDy, bIdx,
                                            tile, 0, width, true, null, 0, false);
                                    for (int r = 0; r < rows; r++) {
                                        System.arraycopy(tile, r * width, parts, dst + r * outC, cols);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /** Whether the weight gradient walks blocks of pixels (narrow outputs) rather than single rows. */
        private static boolean byBlocks(Plan p) {
            return p.outW() < MIN_OUTPUT_WIDTH;
        }

        /**
         * Slice s's partial weight gradient for narrow outputs: for each block of output pixels, each 6 x panel
         * tile of dW is accumulated in registers over the block's pixels where its taps fall inside the image.
         */
        private void weightSliceByBlocks(int slice, float[] tile) {
            Plan p = plan;
            int c = p.inC();
            int pw = p.paddedW();
            int outC = p.outC();
            int outW = p.outW();
            int patch = p.patch();
            int rowLength = p.kw() * c;
            int positions = p.outH() * outW;
            int partSize = patch * outC + outC;
            int part = slice * partSize;
            Arrays.fill(parts, part, part + partSize, 0f);
            int first = (int) ((long) batch * slice / slices);
            int last = (int) ((long) batch * (slice + 1) / slices);
            if (withBias) {
                kernels.addColumnSums(dy, dyOff + first * positions * outC, (last - first) * positions, outC, parts,
                        part + patch * outC);
            }
            int dyPack = slice * blockPixels(p) * panels.padded();
            int colStride = p.strideW() * c;
            int rowStride = p.strideH() * pw * c;
            // Blocks of about BLOCK_PIXELS output pixels (whole samples, or rows of one), their output gradient
            // packed just before use: it stays in L1 while every tile of dW passes over it.
            int perBlock = Math.max(1, BLOCK_PIXELS / positions);
            int blockRows = perBlock > 1 ? p.outH() : Math.max(1, BLOCK_PIXELS / outW);
            for (int s0 = first; s0 < last; s0 += perBlock) {
                int samples = Math.min(perBlock, last - s0);
                for (int y0 = 0; y0 < p.outH(); y0 += blockRows) {
                    int y1 = Math.min(p.outH(), y0 + blockRows);
                    int pixels = (y1 - y0) * outW;
                    for (int s = 0; s < samples; s++) {
                        packDy(dyOff + ((s0 + s) * positions + y0 * outW) * outC, pixels, outC,
                                dyPack + s * pixels * panels.padded());
                    }
                    for (int q = 0; q < panels.count(); q++) {
                        gridPanel(q, s0, samples, y0, y1, tile, part, dyPack, colStride, rowStride);
                    }
                }
            }
        }

        /** Output pixels of the largest weight-gradient block (several whole samples, or rows of one). */
        private static int blockPixels(Plan p) {
            int positions = p.outH() * p.outW();
            return positions <= BLOCK_PIXELS ? BLOCK_PIXELS / positions * positions
                    : Math.max(1, BLOCK_PIXELS / p.outW()) * p.outW();
        }

        /**
         * Adds one block's share (samples s0 on, output rows y0..y1, output gradient packed at dyPack) to
         * panel q's columns of the slice's dW.
         */
        private void gridPanel(int q, int s0, int samples, int y0, int y1, float[] tile, int part, int dyPack,
                               int colStride, int rowStride) {
            Plan p = plan;
            int c = p.inC();
            int outC = p.outC();
            int outW = p.outW();
            int rowLength = p.kw() * c;
            int pixels = (y1 - y0) * outW;
            int samplePack = pixels * panels.padded();
            int width = panels.width(q);
            int cols = Math.min(width, outC - panels.start(q));
            // Two-vector panels take strips of twelve values (24 accumulators, as the wider panels have).
            int strip = width == 2 * L ? 2 * MR : MR;
            for (int ky = 0; ky < p.kh(); ky++) {
                int oy0 = Math.max(y0, firstInside(ky, p.padTop(), p.strideH(), p.outH()));
                int oy1 = Math.min(y1, endInside(ky, p.padTop(), p.inH(), p.strideH(), p.outH()));
                for (int r0 = 0; r0 < rowLength && oy0 < oy1; r0 += strip) {
                    int rows = Math.min(strip, rowLength - r0);
                    // The strip's values span kernel columns kxA..kxB: the pixels where any is inside.
                    int kxA = r0 / c;
                    int kxB = Math.min(p.kw() - 1, (r0 + strip - 1) / c);
                    int ox0 = firstInside(kxB, p.padLeft(), p.strideW(), outW);
                    int ox1 = endInside(kxA, p.padLeft(), p.inW(), p.strideW(), outW);
                    if (ox0 >= ox1) {
                        continue;
                    }
                    int aIdx = srcOff + s0 * p.paddedSample() + (oy0 * p.strideH() + ky) * p.paddedW() * c
                            + ox0 * colStride + r0;
                    int bIdx = dyPack + pixels * panels.start(q) + ((oy0 - y0) * outW + ox0) * width;
                    int dst = part + (ky * rowLength + r0) * outC + panels.start(q);
                    boolean direct = rows == strip && cols == width;
                    float[] cc = direct ? parts : tile;
                    int cIdx = direct ? dst : 0;
                    int ldc = direct ? outC : width;
                    if (!direct) {
                        // Past the last strip the values run into the next pixel (the padded copy has a margin
                        // at its end): computed, then dropped.
                        Arrays.fill(tile, 0, strip * width, 0f);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(parts, dst + r * outC, tile, r * width, cols);
                        }
                    }
                    if (strip == MR) {
                        VectorGemm.grid(width / L, samples, p.paddedSample(), oy1 - oy0, rowStride, ox1 - ox0, colStride,
                                src, aIdx, packedDy, bIdx, samplePack, outW * width, cc, cIdx, ldc);
                    } else {
                        VectorGemmKernels.kernel12x2Grid(samples, p.paddedSample(), oy1 - oy0, rowStride, ox1 - ox0,
                                colStride, src, aIdx, packedDy, bIdx, samplePack, outW * width, cc, cIdx, ldc);
                    }
                    if (!direct) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(tile, r * width, parts, dst + r * outC, cols);
                        }
                    }
                }
            }
        }

        /** One sample's output gradient (positions x outC) as zero-padded panels at {@code at}. */
        private void packDy(int from, int positions, int outC, int at) {
            for (int q = 0; q < panels.count(); q++) {
                int width = panels.width(q);
                int j0 = panels.start(q);
                int cols = Math.min(width, outC - j0);
                int base = at + positions * j0;
                for (int r = 0; r < positions; r++) {
                    int d = base + r * width;
                    System.arraycopy(dy, from + r * outC + j0, packedDy, d, cols);
                    if (cols < width) {
                        Arrays.fill(packedDy, d + cols, d + width, 0f);
                    }
                }
            }
        }
    }
}
