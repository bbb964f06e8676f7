package io.conv4j.kernels.simd;

import io.conv4j.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with one or two rows of A (a Dense layer predicting one sample): {@code C = beta C + A B [+ bias]
 * [relu]} with B read where it lies, row by row, instead of packed. Packing would copy all of B (2 MB for
 * LeNet's first Dense layer) to use each element once.
 *
 * <p>Columns are cut into chunks of four vectors (four independent FMA chains), split over threads. Each
 * element of C is summed by one thread in K order, exactly as the blocked kernels sum it, so a sample gets
 * the same outputs whether it is predicted alone or in a batch, on any number of threads.
 */
final class VectorGemv {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int L = S.length();
    /** Columns per unit of work. */
    private static final int CHUNK = 4 * L;
    /** Rows of A this path takes. */
    static final int MAX_ROWS = 2;
    private static final long PARALLEL_WORK = 1L << 16;

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private VectorGemv() {
    }

    static void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     boolean accumulate, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
        Job job = JOBS.get();
        job.m = m;
        job.n = n;
        job.k = k;
        job.a = a;
        job.aOff = aOff;
        job.rowStride = transA ? 1 : lda;
        job.colStride = transA ? lda : 1;
        job.b = b;
        job.bOff = bOff;
        job.ldb = ldb;
        job.accumulate = accumulate;
        job.c = c;
        job.cOff = cOff;
        job.ldc = ldc;
        job.bias = bias;
        job.biasOff = biasOff;
        job.relu = relu;
        int units = (n + CHUNK - 1) / CHUNK;
        try {
            if (units > 1 && Parallel.threads() > 1 && !Parallel.inside() && (long) m * n * k >= PARALLEL_WORK) {
                Parallel.forEach(units, job);
            } else {
                job.run(0, units);
            }
        } finally {
            job.a = null;
            job.b = null;
            job.c = null;
            job.bias = null;
        }
    }

    private static final class Job implements Parallel.Body {
        int m;
        int n;
        int k;
        float[] a;
        int aOff;
        int rowStride;
        int colStride;
        float[] b;
        int bOff;
        int ldb;
        boolean accumulate;
        float[] c;
        int cOff;
        int ldc;
        float[] bias;
        int biasOff;
        boolean relu;

        @Override
        public void run(int from, int to) {
            for (int unit = from; unit < to; unit++) {
                for (int i = 0; i < m; i++) {
                    if ((unit + 1) * CHUNK <= n) {
                        whole(i, unit * CHUNK);
                    } else {
                        partial(i, unit * CHUNK);
                    }
                }
            }
        }

        /** Columns j .. j + 4L - 1 of row i of C, all inside. */
        private void whole(int i, int j) {
            int ci = cOff + i * ldc + j;
            // Sums start from C (beta 1) or zero and run in K order, as in the blocked kernels.
            FloatVector c0 = accumulate ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
            FloatVector c1 = accumulate ? FloatVector.fromArray(S, c, ci + L) : FloatVector.zero(S);
            FloatVector c2 = accumulate ? FloatVector.fromArray(S, c, ci + 2 * L) : FloatVector.zero(S);
            FloatVector c3 = accumulate ? FloatVector.fromArray(S, c, ci + 3 * L) : FloatVector.zero(S);
            int ai = aOff + i * rowStride;
            int bi = bOff + j;
            for (int kk = 0; kk < k; kk++, ai += colStride, bi += ldb) {
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
                c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
                c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
                c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
            }
            if (bias != null) {
                int bo = biasOff + j;
                c0 = c0.add(FloatVector.fromArray(S, bias, bo));
                c1 = c1.add(FloatVector.fromArray(S, bias, bo + L));
                c2 = c2.add(FloatVector.fromArray(S, bias, bo + 2 * L));
                c3 = c3.add(FloatVector.fromArray(S, bias, bo + 3 * L));
            }
            if (relu) {
                c0 = c0.max(0f);
                c1 = c1.max(0f);
                c2 = c2.max(0f);
                c3 = c3.max(0f);
            }
            c0.intoArray(c, ci);
            c1.intoArray(c, ci + L);
            c2.intoArray(c, ci + 2 * L);
            c3.intoArray(c, ci + 3 * L);
        }

        /** The last columns of row i from j: vector by vector, the last one masked (the JIT keeps masks it made itself). */
        private void partial(int i, int j) {
            for (int v = j; v < n; v += L) {
                VectorMask<Float> mask = S.indexInRange(v, n);
                int ci = cOff + i * ldc + v;
                FloatVector sum = accumulate ? FloatVector.fromArray(S, c, ci, mask) : FloatVector.zero(S);
                int ai = aOff + i * rowStride;
                int bi = bOff + v;
                for (int kk = 0; kk < k; kk++, ai += colStride, bi += ldb) {
                    sum = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi, mask), sum);
                }
                if (bias != null) {
                    sum = sum.add(FloatVector.fromArray(S, bias, biasOff + v, mask));
                }
                if (relu) {
                    sum = sum.max(0f);
                }
                sum.intoArray(c, ci, mask);
            }
        }
    }
}
