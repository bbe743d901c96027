package org.localexpert.core.tensor;

/**
 * Single-threaded float matrix products on row-major slices of arrays. Callers split work across
 * threads (see {@link Parallel}); this class only makes one block fast.
 *
 * <p>Both kernels are written as "axpy" loops (row of C += scalar * row of B) because HotSpot and
 * ART vectorise that shape; a dot-product inner loop is a floating-point reduction, which the JIT
 * must not reorder and therefore leaves scalar. Java never fuses a*b+c, so vectorised and scalar
 * paths give identical bits.
 */
public final class Gemm {
    private Gemm() {}

    /** Depth of a k-block: the B panel (KB rows) stays in L1/L2 while all rows of A sweep over it. */
    private static final int KB = 128;
    /** Width of an n-block for wide outputs. */
    private static final int NB = 512;

    /**
     * C[m×n] = (accumulate ? C : 0) + A[m×k] · B[k×n].
     * Element (i,j) of X lives at {@code x[xOff + i*ldx + j]}.
     */
    public static void nn(int m, int n, int k,
                          float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        for (int j0 = 0; j0 < n; j0 += NB) {
            int j1 = Math.min(n, j0 + NB);
            for (int k0 = 0; k0 < k; k0 += KB) {
                int k1 = Math.min(k, k0 + KB);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc;
                    int ai = aOff + i * lda;
                    for (int kk = k0; kk < k1; kk++) {
                        float av = a[ai + kk];
                        // Activations after ReLU are often exactly zero; skipping them changes no result.
                        if (av == 0f) continue;
                        int bi = bOff + kk * ldb;
                        for (int j = j0; j < j1; j++) c[ci + j] += av * b[bi + j];
                    }
                }
            }
        }
    }

    /**
     * C[p×q] += A[m×p]ᵀ · B[m×q], summing over m in increasing order (a fixed order, so weight
     * gradients are reproducible). Used for weight gradients: dW += dOutᵀ · inputs.
     */
    public static void tn(int m, int p, int q,
                          float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            int ar = aOff + r * lda;
            int br = bOff + r * ldb;
            for (int i = 0; i < p; i++) {
                float av = a[ar + i];
                if (av == 0f) continue;
                int ci = cOff + i * ldc;
                for (int j = 0; j < q; j++) c[ci + j] += av * b[br + j];
            }
        }
    }

    /** dst[cols×rows] = transpose of src[rows×cols] (both dense). */
    public static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = r * cols;
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[s + c];
        }
    }
}
