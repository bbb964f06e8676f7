package io.conv4j.kernels.simd;

import io.conv4j.kernels.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked single-precision GEMM on the Vector API: {@code C = beta C + op(A) op(B) [+ bias] [relu]}.
 *
 * <p>N is cut into panels four vectors wide (64 floats with AVX-512); a remainder of up to two vectors gets
 * a two-vector panel, so layers with 32 channels waste nothing. The micro-kernels
 * ({@link VectorGemmKernels}) keep a 6 x 4-vector (or 6 x 2-vector) tile of C in registers and stream K:
 * per step they load the panel's row of B and broadcast one element of each of six A rows. B is packed
 * once per call into zero-padded panels (which also serves transposed B), unless it already is a single
 * panel. When one panel covers N, A is read where it is (a convolution's im2col matrix is read once);
 * otherwise each block of A is packed into 6-row strips. Strides inside the kernels are constants where
 * they can be, which the JIT needs to compile them well. K is blocked by {@link #KC}, M by {@link #MC}. Edge tiles go row by row
 * through a scratch tile.
 *
 * <p>Work is split over threads by rows of C (or by panels when C is short and wide); every element of C
 * is computed by one thread with the same K order, so the result does not depend on the thread count.
 */
final class VectorGemm {
    static final VectorSpecies<Float> S = VectorGemmKernels.S;
    static final int L = VectorGemmKernels.L;
    /** Width of a full panel: four vectors. */
    static final int NR = 4 * L;
    static final int MR = 6;
    /** Largest K block; a K of up to {@link #KC_WHOLE} is taken whole, which saves re-reading the C tile. */
    static final int KC = 256;
    static final int KC_WHOLE = 384;
    private static final int STRIPS = 0;
    private static final int ROWS = 1;
    private static final int TRANSPOSED = 2;
    /** Panels per block of N (1024 columns): a K block of that much B stays in L2. */
    static final int NC_PANELS = 16;
    static final int MC = 48 * MR;
    /** Below this many multiply-adds a GEMM runs on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 17;
    /** Below this many elements of B, one thread packs it (a parallel region costs microseconds). */
    private static final long PARALLEL_PACK = 1L << 16;

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);
    /** Per executing thread (a GEMM's blocks run on several threads at once). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** A thread's packed A strips and edge tiles. */
    private static final class Scratch {
        final float[] strips = new float[MC * KC_WHOLE];
        final float[] tile = new float[MR * NR];
        final float[] biasTile = new float[NR];
    }

    private VectorGemm() {
    }

    /** The rows micro-kernel of {@code vectors} vectors' width, for A rows starting at a0..a5. */
    static void rows(int vectors, int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, float[] b, int bIdx,
                     float[] c, int cIdx, int ldc, boolean load, float[] bias, int biasIdx, boolean relu) {
        switch (vectors) {
            case 4 -> VectorGemmKernels.kernel6x4Rows(kc, a, a0, a1, a2, a3, a4, a5, b, bIdx, c, cIdx, ldc, load, bias, biasIdx, relu);
            case 2 -> VectorGemmKernels.kernel6x2Rows(kc, a, a0, a1, a2, a3, a4, a5, b, bIdx, c, cIdx, ldc, load, bias, biasIdx, relu);
            default -> VectorGemmKernels.kernel6x1Rows(kc, a, a0, a1, a2, a3, a4, a5, b, bIdx, c, cIdx, ldc, load, bias, biasIdx, relu);
        }
    }

    /** The transposed-A micro-kernel of {@code vectors} vectors' width. */
    static void transposed(int vectors, int kc, float[] a, int aIdx, int lda, float[] b, int bIdx, float[] c, int cIdx, int ldc,
                           boolean load, float[] bias, int biasIdx, boolean relu) {
        switch (vectors) {
            case 4 -> VectorGemmKernels.kernel6x4Transposed(kc, a, aIdx, lda, b, bIdx, c, cIdx, ldc, load, bias, biasIdx, relu);
            case 2 -> VectorGemmKernels.kernel6x2Transposed(kc, a, aIdx, lda, b, bIdx, c, cIdx, ldc, load, bias, biasIdx, relu);
            default -> VectorGemmKernels.kernel6x1Transposed(kc, a, aIdx, lda, b, bIdx, c, cIdx, ldc, load, bias, biasIdx, relu);
        }
    }

    /** The weight-gradient grid micro-kernel of {@code vectors} vectors' width. */
    static void grid(int vectors, int samples, int sampleStride, int rows, int rowStride, int cols, int colStride,
                     float[] a, int aIdx, float[] b, int bIdx, int bSampleStride, int bRowStride, float[] c, int cIdx, int ldc) {
        switch (vectors) {
            case 4 -> VectorGemmKernels.kernel6x4Grid(samples, sampleStride, rows, rowStride, cols, colStride, a, aIdx, b, bIdx,
                    bSampleStride, bRowStride, c, cIdx, ldc);
            case 2 -> VectorGemmKernels.kernel6x2Grid(samples, sampleStride, rows, rowStride, cols, colStride, a, aIdx, b, bIdx,
                    bSampleStride, bRowStride, c, cIdx, ldc);
            default -> VectorGemmKernels.kernel6x1Grid(samples, sampleStride, rows, rowStride, cols, colStride, a, aIdx, b, bIdx,
                    bSampleStride, bRowStride, c, cIdx, ldc);
        }
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
        if (m == 0 || n == 0) {
            return;
        }
        if (beta != 0f && beta != 1f) {
            for (int i = 0; i < m; i++) {
                VectorElementwise.scale(c, cOff + i * ldc, n, beta);
            }
            beta = 1f;
        }
        if (m <= VectorGemv.MAX_ROWS && !transB && k > 0) {
            VectorGemv.gemm(transA, m, n, k, a, aOff, lda, b, bOff, ldb, beta != 0f, c, cOff, ldc, bias, biasOff, relu);
            return;
        }
        Job job = JOBS.get();
        job.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu);
        long work = (long) m * n * Math.max(k, 1);
        try {
            if (Parallel.threads() == 1 || Parallel.inside() || work < PARALLEL_WORK) {
                job.packB.run(0, job.packB.count());
                job.run(0, job.units());
            } else {
                if ((long) k * n >= PARALLEL_PACK) {
                    Parallel.forEach(job.packB.count(), job.packB);
                } else {
                    job.packB.run(0, job.packB.count());
                }
                Parallel.forEach(job.units(), job);
            }
        } finally {
            job.release();
        }
    }

    /** One GEMM call: its arguments, the packed B, and the split of C into units of work. */
    private static final class Job implements Parallel.Body {
        private float[] packedB = new float[0];
        private final Panels panels = new Panels();
        private final PackB packB = new PackB();
        private int m;
        private int n;
        private int k;
        private float[] a;
        private int aOff;
        private int rowStride;
        private int colStride;
        private boolean transA;
        private boolean packA;
        private float[] bsrc;
        private boolean inPlace;
        private int bBase;
        private int ldb;
        private boolean accumulate;
        private float[] c;
        private int cOff;
        private int ldc;
        private float[] bias;
        private int biasOff;
        private boolean relu;
        private boolean byRows;
        private int kBlock;

        void set(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.rowStride = tA ? 1 : lda;
            this.colStride = tA ? lda : 1;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.bias = bias;
            this.biasOff = biasOff;
            this.relu = relu;
            this.accumulate = beta != 0f;
            this.kBlock = k <= KC_WHOLE ? Math.max(k, 1) : (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);
            panels.layout(n);
            // The micro-kernels read B as packed panels (a constant stride is worth a lot to the JIT). B that
            // already is one panel (rows of exactly 2 or 4 vectors: convolution weights and output gradients
            // of 32 or 64 channels) is read where it is, and so is B for a GEMM too short for the kernels.
            boolean onePanel = !tB && ldb == n && (n == NR || n == 2 * L || n == L);
            this.inPlace = onePanel || (m < MR && !tB && n % (2 * L) == 0);
            this.ldb = ldb;
            if (inPlace) {
                bsrc = b;
                bBase = bOff;
                packB.set(false, null, 0, 0);
            } else {
                int size = k * panels.padded();
                if (packedB.length < size) {
                    packedB = new float[size];
                }
                packB.set(tB, b, bOff, ldb);
                bsrc = packedB;
                bBase = 0;
            }
            // Split rows when there are enough for every thread; otherwise split the panels of N.
            this.byRows = (m + MR - 1) / MR >= 2 * Parallel.threads() || panels.count() < 2;
            // A read for many panels is packed into 6-row strips; for one or two it is read where it is, by rows
            // or, transposed, by columns (an im2col chunk is read once or twice, from cache).
            this.packA = panels.count() > 2 && m >= MR;
            this.transA = tA;
        }

        void release() {
            packB.set(false, null, 0, 0);
            a = null;
            bsrc = null;
            c = null;
            bias = null;
        }

        int units() {
            return byRows ? (m + MR - 1) / MR : panels.count();
        }

        /**
         * Packs panels [from, to) of B: for each K block starting at pc (kc rows), panel p holds its columns,
         * width floats per row, zero beyond n. Panels are packed in parallel when the GEMM is.
         */
        private void pack(int from, int to, boolean tB, float[] b, int bOff, int ldb) {
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                for (int p = from; p < to; p++) {
                    int width = panels.width(p);
                    int base = pc * panels.padded() + panels.start(p) * kc;
                    int j0 = panels.start(p);
                    int cols = Math.min(width, n - j0);
                    for (int kk = 0; kk < kc; kk++) {
                        int dst = base + kk * width;
                        if (tB) {
                            int src = bOff + j0 * ldb + pc + kk;
                            for (int j = 0; j < cols; j++) {
                                packedB[dst + j] = b[src + j * ldb];
                            }
                        } else {
                            System.arraycopy(b, bOff + (pc + kk) * ldb + j0, packedB, dst, cols);
                        }
                        Arrays.fill(packedB, dst + cols, dst + width, 0f);
                    }
                }
            }
        }

        /** Packing B as a parallel loop over its panels; no panels when B is read in place. */
        private final class PackB implements Parallel.Body {
            private boolean tB;
            private float[] b;
            private int bOff;
            private int ldb;

            void set(boolean tB, float[] b, int bOff, int ldb) {
                this.tB = tB;
                this.b = b;
                this.bOff = bOff;
                this.ldb = ldb;
            }

            int count() {
                return b == null ? 0 : panels.count();
            }

            @Override
            public void run(int from, int to) {
                pack(from, to, tB, b, bOff, ldb);
            }
        }

        private int bIndex(int p, int pc, int kc) {
            return inPlace ? bBase + pc * ldb + panels.start(p) : pc * panels.padded() + panels.start(p) * kc;
        }

        private int bStride(int p) {
            return inPlace ? ldb : panels.width(p);
        }

        @Override
        public void run(int from, int to) {
            int m0 = byRows ? from * MR : 0;
            int m1 = byRows ? Math.min(m, to * MR) : m;
            int p0 = byRows ? 0 : from;
            int p1 = byRows ? panels.count() : to;
            if (k == 0) {
                zeroK(m0, m1, p0, p1);
                return;
            }
            Scratch scratch = SCRATCH.get();
            float[] strips = packA ? scratch.strips : null;
            // Blocks of N panels keep the K block of B they read in L2 while the row blocks pass over it.
            for (int jc = p0; jc < p1; jc += NC_PANELS) {
                int je = Math.min(jc + NC_PANELS, p1);
                for (int pc = 0; pc < k; pc += kBlock) {
                    int kc = Math.min(kBlock, k - pc);
                    boolean load = accumulate || pc > 0;
                    boolean last = pc + kc == k;
                    for (int ic = m0; ic < m1; ic += MC) {
                        int ie = Math.min(ic + MC, m1);
                        if (strips != null) {
                            packStrips(strips, ic, ie, pc, kc);
                        }
                        for (int p = jc; p < je; p++) {
                            block(scratch, strips, p, pc, kc, ic, ie, load, last);
                        }
                    }
                }
            }
        }

        /**
         * Rows [ic, ie) of panel p for the K block at pc. Whole tiles go straight to C; a partial panel, or the
         * last rows of a strip-packed block, go through the micro-kernel into a scratch tile first.
         */
        private void block(Scratch scratch, float[] strips, int p, int pc, int kc, int ic, int ie, boolean load, boolean last) {
            int bIdx = bIndex(p, pc, kc);
            int bStride = bStride(p);
            int width = panels.width(p);
            int cols = Math.min(width, n - panels.start(p));
            boolean kernelB = !inPlace || bStride == width;
            float[] epilogueBias = last ? bias : null;
            int biasIdx = biasOff + panels.start(p);
            if (epilogueBias != null && cols < width) {
                Arrays.fill(scratch.biasTile, 0f);
                System.arraycopy(bias, biasIdx, scratch.biasTile, 0, cols);
                epilogueBias = scratch.biasTile;
                biasIdx = 0;
            }
            boolean epilogueRelu = last && relu;
            for (int i = ic; i < ie; i += MR) {
                int rows = Math.min(MR, ie - i);
                int cIdx = cOff + i * ldc + panels.start(p);
                boolean padded = rows < MR && strips != null;
                if (!kernelB || (rows < MR && !padded)) {
                    edge(scratch, rows, cols, width, kc, aOff + i * rowStride + pc * colStride, bIdx, bStride, cIdx, load, last, p);
                    continue;
                }
                float[] aSrc;
                int aIdx;
                int layout;
                if (strips != null) {
                    aSrc = strips;
                    aIdx = (i - ic) * kc;
                    layout = STRIPS;
                } else if (transA) {
                    aSrc = a;
                    aIdx = aOff + pc * colStride + i;
                    layout = TRANSPOSED;
                } else {
                    aSrc = a;
                    aIdx = aOff + i * rowStride + pc;
                    layout = ROWS;
                }
                int lda = transA ? colStride : rowStride;
                if (rows == MR && cols == width) {
                    kernel(width, layout, kc, aSrc, aIdx, lda, bIdx, c, cIdx, ldc, load, epilogueBias, biasIdx, epilogueRelu);
                    continue;
                }
                float[] tile = scratch.tile;
                if (load) {
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(c, cIdx + r * ldc, tile, r * width, cols);
                    }
                }
                kernel(width, layout, kc, aSrc, aIdx, lda, bIdx, tile, 0, width, load, epilogueBias, biasIdx, epilogueRelu);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(tile, r * width, c, cIdx + r * ldc, cols);
                }
            }
        }

        private void kernel(int width, int layout, int kc, float[] aSrc, int aIdx, int lda, int bIdx, float[] cc, int cIdx,
                            int ldcc, boolean load, float[] b0, int biasIdx, boolean r) {
            int v = width / L;
            if (layout == STRIPS) {
                switch (v) {
                    case 4 -> VectorGemmKernels.kernel6x4Strips(kc, aSrc, aIdx, bsrc, bIdx, cc, cIdx, ldcc, load, b0, biasIdx, r);
                    case 2 -> VectorGemmKernels.kernel6x2Strips(kc, aSrc, aIdx, bsrc, bIdx, cc, cIdx, ldcc, load, b0, biasIdx, r);
                    default -> VectorGemmKernels.kernel6x1Strips(kc, aSrc, aIdx, bsrc, bIdx, cc, cIdx, ldcc, load, b0, biasIdx, r);
                }
            } else if (layout == TRANSPOSED) {
                transposed(v, kc, aSrc, aIdx, lda, bsrc, bIdx, cc, cIdx, ldcc, load, b0, biasIdx, r);
            } else {
                rows(v, kc, aSrc, aIdx, aIdx + lda, aIdx + 2 * lda, aIdx + 3 * lda, aIdx + 4 * lda, aIdx + 5 * lda,
                        bsrc, bIdx, cc, cIdx, ldcc, load, b0, biasIdx, r);
            }
        }

        /**
         * Copies rows [i0, i1) of A's K block into strips of MR rows: element (r, kk) at
         * (i - i0) * kc + kk * MR + r; rows past i1 are zero. Transposed A holds a strip's values side by side.
         */
        private void packStrips(float[] strips, int i0, int i1, int pc, int kc) {
            int whole = i0 + (i1 - i0) / MR * MR;
            if (whole < i1) {
                int base = (whole - i0) * kc;
                Arrays.fill(strips, base, base + kc * MR, 0f);
                for (int i = whole; i < i1; i++) {
                    for (int kk = 0; kk < kc; kk++) {
                        strips[base + kk * MR + (i - whole)] = a[aOff + i * rowStride + (pc + kk) * colStride];
                    }
                }
            }
            for (int i = i0; i < whole; i += MR) {
                int base = (i - i0) * kc;
                if (transA) {
                    int src = aOff + pc * colStride + i;
                    for (int kk = 0; kk < kc; kk++, src += colStride) {
                        System.arraycopy(a, src, strips, base + kk * MR, MR);
                    }
                    continue;
                }
                int src = aOff + i * rowStride + pc;
                for (int kk = 0; kk < kc; kk++) {
                    int dst = base + kk * MR;
                    strips[dst] = a[src + kk];
                    strips[dst + 1] = a[src + rowStride + kk];
                    strips[dst + 2] = a[src + 2 * rowStride + kk];
                    strips[dst + 3] = a[src + 3 * rowStride + kk];
                    strips[dst + 4] = a[src + 4 * rowStride + kk];
                    strips[dst + 5] = a[src + 5 * rowStride + kk];
                }
            }
        }

        /** K = 0: C is beta C (+ bias, relu). */
        private void zeroK(int m0, int m1, int p0, int p1) {
            for (int i = m0; i < m1; i++) {
                for (int j = panels.start(p0); j < Math.min(n, p1 < panels.count() ? panels.start(p1) : n); j++) {
                    float v = (accumulate ? c[cOff + i * ldc + j] : 0f) + (bias == null ? 0f : bias[biasOff + j]);
                    c[cOff + i * ldc + j] = relu ? Math.max(v, 0f) : v;
                }
            }
        }

        /** A tile of fewer than MR rows or a partial panel, one row at a time through the scratch tile. */
        private void edge(Scratch scratch, int rows, int cols, int width, int kc, int aIdx, int bIdx, int bStride, int cIdx,
                          boolean load, boolean last, int p) {
            float[] tile = scratch.tile;
            float[] biasTile = scratch.biasTile;
            int vectors = width / L;
            boolean withBias = last && bias != null;
            if (withBias) {
                Arrays.fill(biasTile, 0f);
                System.arraycopy(bias, biasOff + panels.start(p), biasTile, 0, cols);
            }
            for (int r = 0; r < rows; r++) {
                int ci = cIdx + r * ldc;
                if (load) {
                    Arrays.fill(tile, 0f);
                    System.arraycopy(c, ci, tile, 0, cols);
                } else {
                    Arrays.fill(tile, 0, width, 0f);
                }
                int ai = aIdx + r * rowStride;
                for (int v = 0; v < vectors; v++) {
                    FloatVector acc = FloatVector.fromArray(S, tile, v * L);
                    int bi = bIdx + v * L;
                    int ak = ai;
                    for (int kk = 0; kk < kc; kk++, ak += colStride, bi += bStride) {
                        acc = FloatVector.broadcast(S, a[ak]).fma(FloatVector.fromArray(S, bsrc, bi), acc);
                    }
                    if (withBias) {
                        acc = acc.add(FloatVector.fromArray(S, biasTile, v * L));
                    }
                    if (last && relu) {
                        acc = acc.max(0f);
                    }
                    acc.intoArray(tile, v * L);
                }
                System.arraycopy(tile, 0, c, ci, cols);
            }
        }
    }
}
