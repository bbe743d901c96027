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
        for (int i = 0; i < m; i++) {
            float[] ci = c[i];
            if (!accumulate) java.util.Arrays.fill(ci, 0, n, 0f);
            int ai = aOff + i * lda;
            for (int kk = 0; kk < k; kk++) {
                float av = a[ai + kk];
                // Activations after ReLU are often exactly zero; skipping them changes no sum.
                if (av == 0f) continue;
                float[] bk = b[kk];
                for (int j = 0; j < n; j++) ci[j] += av * bk[j];
            }
        }
    }

    /**
     * C[i][0..q) += Σ_r A[r, i] · B[r][0..q) for i in [p0, p1), r &lt; m, where
     * A[r, i] = {@code a[aOff + r*lda + i]}. Sums over r in increasing order (a fixed order, so weight
     * gradients dW += dOutᵀ · inputs are reproducible).
     */
    public static void tn(int m, int p0, int p1, int q, float[] a, int aOff, int lda, float[][] b, float[][] c) {
        for (int r = 0; r < m; r++) {
            int ar = aOff + r * lda;
            float[] br = b[r];
            for (int i = p0; i < p1; i++) {
                float av = a[ar + i];
                if (av == 0f) continue;
                float[] ci = c[i];
                for (int j = 0; j < q; j++) ci[j] += av * br[j];
            }
        }
    }

    /** As {@link #tn(int, int, int, int, float[], int, int, float[][], float[][])} with A given as rows: A[r, i] = a[r][i]. */
    public static void tn(int m, int p0, int p1, int q, float[][] a, float[][] b, float[][] c) {
        for (int r = 0; r < m; r++) {
            float[] ar = a[r], br = b[r];
            for (int i = p0; i < p1; i++) {
                float av = ar[i];
                if (av == 0f) continue;
                float[] ci = c[i];
                for (int j = 0; j < q; j++) ci[j] += av * br[j];
            }
        }
    }

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
