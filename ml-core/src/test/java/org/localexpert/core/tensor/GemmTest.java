package org.localexpert.core.tensor;

import static org.junit.Assert.assertArrayEquals;

import java.util.Random;
import org.junit.Test;

/**
 * The unrolled products must give exactly the bits of the plain loops they replace (same terms,
 * same order per element): layers rely on that for results that do not depend on thread count or
 * batch size.
 */
public class GemmTest {
    private static float[] randomWithZeros(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextInt(3) == 0 ? 0f : (float) rng.nextGaussian();
        return a;
    }

    private static float[][] rows(Random rng, int r, int c) {
        float[][] m = new float[r][c];
        for (float[] row : m) for (int j = 0; j < c; j++) row[j] = (float) rng.nextGaussian();
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    @Test
    public void nnMatchesThePlainLoopBitForBit() {
        Random rng = new Random(3);
        for (int[] d : new int[][] {{1, 1, 1}, {3, 7, 5}, {5, 64, 25}, {2, 70, 130}, {4, 9, 4}}) {
            int m = d[0], n = d[1], k = d[2], lda = k + 2, off = 3;
            float[] a = randomWithZeros(rng, off + m * lda);
            float[][] b = rows(rng, k, n);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[][] c0 = rows(rng, m, n), expected = copy(c0), actual = copy(c0);
                for (int i = 0; i < m; i++) {
                    if (!accumulate) java.util.Arrays.fill(expected[i], 0f);
                    for (int kk = 0; kk < k; kk++) {
                        float av = a[off + i * lda + kk];
                        if (av == 0f) continue;
                        for (int j = 0; j < n; j++) expected[i][j] += av * b[kk][j];
                    }
                }
                Gemm.nn(m, n, k, a, off, lda, b, actual, accumulate);
                for (int i = 0; i < m; i++) assertArrayEquals(expected[i], actual[i], 0f);
            }
        }
    }

    @Test
    public void tnMatchesThePlainLoopBitForBit() {
        Random rng = new Random(4);
        for (int[] d : new int[][] {{1, 0, 1, 1}, {7, 1, 4, 9}, {130, 0, 6, 33}, {65, 2, 5, 64}}) {
            int m = d[0], p0 = d[1], p1 = d[2], q = d[3], lda = p1 + 1, off = 2;
            float[] a = randomWithZeros(rng, off + m * lda);
            float[][] aRows = new float[m][];
            for (int r = 0; r < m; r++) aRows[r] = java.util.Arrays.copyOfRange(a, off + r * lda, off + r * lda + lda);
            float[][] b = rows(rng, m, q);
            float[][] c0 = rows(rng, p1, q), expected = copy(c0), flat = copy(c0), asRows = copy(c0);
            for (int r = 0; r < m; r++) {
                for (int i = p0; i < p1; i++) {
                    float av = a[off + r * lda + i];
                    if (av == 0f) continue;
                    for (int j = 0; j < q; j++) expected[i][j] += av * b[r][j];
                }
            }
            Gemm.tn(m, p0, p1, q, a, off, lda, b, flat);
            Gemm.tn(m, p0, p1, q, aRows, b, asRows);
            for (int i = 0; i < p1; i++) {
                assertArrayEquals(expected[i], flat[i], 0f);
                assertArrayEquals(expected[i], asRows[i], 0f);
            }
        }
    }
}
