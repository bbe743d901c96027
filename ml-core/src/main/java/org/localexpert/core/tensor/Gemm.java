package org.localexpert.core.tensor;

/**
 * Single-threaded float matrix products; callers split work across threads (see {@link Parallel}).
 *
 * <p>Why the operands that the inner loop walks are arrays of rows ({@code float[][]}), each row
 * starting at index 0: the inner loops are "axpy" loops, c[j] += a·b[j], which the JIT turns into
 * SIMD instructions only when it can prove the store to c does not overlap the next loads of b.
 * HotSpot 17 proves that only when both arrays are indexed by the very same expression; with
 * {@code c[cOff + j] += a * b[bOff + j]} it stays scalar. Measured on this machine: 3 GMAC/s with
 * offsets, 14–17 GMAC/s with packed rows. So B and C are packed into separate row arrays (a copy
 * of O(rows·cols), small next to the O(m·n·k) product). A dot-product inner loop would be no
 * better: Java forbids reordering a float sum, so reductions stay scalar.
 *
 * <p>Java never fuses a*b+c, so vectorised and scalar code give identical bits.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * C[i][0..n) = (accumulate ? C[i] : 0) + Σ_kk A[i, kk] · B[kk][0..n), for i &lt; m, kk &lt; k,
     * where A[i, kk] = {@code a[aOff + i*lda + kk]}. Sums over kk in increasing order.
     */
    public static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[][] b, float[][] c, boolean accumulate) {
        int[] live = new int[k];
        for (int i = 0; i < m; i++) {
            float[] ci = c[i];
            if (!accumulate) java.util.Arrays.fill(ci, 0, n, 0f);
            int ai = aOff + i * lda;
            // Activations after ReLU are often exactly zero; skipping them changes no sum.
            int count = 0;
            for (int kk = 0; kk < k; kk++) if (a[ai + kk] != 0f) live[count++] = kk;
            int q = 0;
            for (; q + 4 <= count; q += 4) {
                int k0 = live[q], k1 = live[q + 1], k2 = live[q + 2], k3 = live[q + 3];
                axpy4(n, a[ai + k0], b[k0], a[ai + k1], b[k1], a[ai + k2], b[k2], a[ai + k3], b[k3], ci);
            }
            for (; q < count; q++) {
                int kk = live[q];
                float av = a[ai + kk];
                float[] bk = b[kk];
                for (int j = 0; j < n; j++) ci[j] += av * bk[j];
            }
        }
    }

    /**
     * c[j] = c[j] + a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j], evaluated left to right: per element
     * exactly the four sequential "c[j] += a·b[j]" steps (Java neither reorders nor fuses float
     * operations), so the same bits, but c is loaded and stored once per four products instead of
     * four times — the loads and stores of c, not the arithmetic, bound the one-row loop.
     */
    private static void axpy4(int n, float a0, float[] b0, float a1, float[] b1, float a2, float[] b2, float a3, float[] b3,
                              float[] c) {
        for (int j = 0; j < n; j++) c[j] = c[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    /**
     * C[i][0..q) += Σ_r A[r, i] · B[r][0..q) for i in [p0, p1), r &lt; m, where
     * A[r, i] = {@code a[aOff + r*lda + i]}. Sums over r in increasing order (a fixed order, so weight
     * gradients dW += dOutᵀ · inputs are reproducible).
     */
    public static void tn(int m, int p0, int p1, int q, float[] a, int aOff, int lda, float[][] b, float[][] c) {
        // Blocks of R rows of B (kept in cache) × every i, four rows at a time through axpy4: per element
        // of C the terms still arrive in increasing r, so the result is the plain loop's, bit for bit.
        int[] live = new int[Math.min(m, TN_BLOCK)];
        for (int r0 = 0; r0 < m; r0 += TN_BLOCK) {
            int r1 = Math.min(m, r0 + TN_BLOCK);
            for (int i = p0; i < p1; i++) {
                float[] ci = c[i];
                int count = 0;
                for (int r = r0; r < r1; r++) if (a[aOff + r * lda + i] != 0f) live[count++] = r;
                int t = 0;
                for (; t + 4 <= count; t += 4) {
                    int s0 = live[t], s1 = live[t + 1], s2 = live[t + 2], s3 = live[t + 3];
                    axpy4(q, a[aOff + s0 * lda + i], b[s0], a[aOff + s1 * lda + i], b[s1], a[aOff + s2 * lda + i], b[s2],
                            a[aOff + s3 * lda + i], b[s3], ci);
                }
                for (; t < count; t++) {
                    int r = live[t];
                    float av = a[aOff + r * lda + i];
                    float[] br = b[r];
                    for (int j = 0; j < q; j++) ci[j] += av * br[j];
                }
            }
        }
    }

    /** As {@link #tn(int, int, int, int, float[], int, int, float[][], float[][])} with A given as rows: A[r, i] = a[r][i]. */
    public static void tn(int m, int p0, int p1, int q, float[][] a, float[][] b, float[][] c) {
        int[] live = new int[Math.min(m, TN_BLOCK)];
        for (int r0 = 0; r0 < m; r0 += TN_BLOCK) {
            int r1 = Math.min(m, r0 + TN_BLOCK);
            for (int i = p0; i < p1; i++) {
                float[] ci = c[i];
                int count = 0;
                for (int r = r0; r < r1; r++) if (a[r][i] != 0f) live[count++] = r;
                int t = 0;
                for (; t + 4 <= count; t += 4) {
                    int s0 = live[t], s1 = live[t + 1], s2 = live[t + 2], s3 = live[t + 3];
                    axpy4(q, a[s0][i], b[s0], a[s1][i], b[s1], a[s2][i], b[s2], a[s3][i], b[s3], ci);
                }
                for (; t < count; t++) {
                    int r = live[t];
                    float av = a[r][i];
                    float[] br = b[r];
                    for (int j = 0; j < q; j++) ci[j] += av * br[j];
                }
            }
        }
    }

    /** Rows of B per block in {@code tn}: 64 rows of up to a few hundred floats stay in L2 while every i passes over them. */
    private static final int TN_BLOCK = 64;

    /** Packs {@code src[off + r*cols + c]} into rows {@code dst[r][c]}, r &lt; rows (dst allocated if too small). */
    public static float[][] packRows(float[] src, int off, int rows, int cols, float[][] dst) {
        if (dst == null || dst.length < rows || (rows > 0 && dst[0].length < cols)) dst = new float[rows][cols];
        for (int r = 0; r < rows; r++) System.arraycopy(src, off + r * cols, dst[r], 0, cols);
        return dst;
    }

    /** Packs the transpose: {@code dst[c][r] = src[off + r*cols + c]}. */
    public static float[][] packTransposed(float[] src, int off, int rows, int cols, float[][] dst) {
        if (dst == null || dst.length < cols || (cols > 0 && dst[0].length < rows)) dst = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            int s = off + r * cols;
            for (int c = 0; c < cols; c++) dst[c][r] = src[s + c];
        }
        return dst;
    }

    /** A rows × cols scratch matrix, reusing {@code m} when it is at least that large. */
    public static float[][] scratch(float[][] m, int rows, int cols) {
        if (m != null && m.length >= rows && (rows == 0 || m[0].length >= cols)) return m;
        return new float[rows][cols];
    }
}
