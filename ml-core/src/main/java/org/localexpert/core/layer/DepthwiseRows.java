package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Parallel;

/**
 * Depthwise convolution one image row at a time — the fast path of {@link DepthwiseConv2D} for
 * multiplier 1 (the ShuffleNet/MobileNet case), any stride.
 *
 * <p>Why rows: the inputs under kernel column kx for a whole output row are the input row's pixels
 * kx, kx+stride, ... (with stride 1 one contiguous run). Copying them into a zero-based buffer and
 * tiling each kernel tap along the row turns the work into {@code acc[j] += shifted[j] * tap[j]}
 * over oW·C elements: one index, long loops — what HotSpot vectorises (the per-pixel form runs
 * scalar at ~1 GMAC/s). Backward uses the same trick: the weight gradient is accumulated in
 * per-position lanes and summed at the end, and the input gradient of a row is a correlation of
 * the output-gradient rows with the flipped kernel. Results are bit-identical for any thread count
 * (fixed sample groups, sums in a fixed order).
 */
final class DepthwiseRows {
    private final int h, w, c, oH, oW, kH, kW, strideH, strideW, padTop, padLeft;
    private float[][] tapsAlongOutput, tapsAlongInput; // each kernel tap tiled oW (resp. w) times
    private float[][][] bufA = new float[0][][], bufB = new float[0][][], lanes = new float[0][][];

    DepthwiseRows(int h, int w, int c, int oH, int oW, int kH, int kW, int strideH, int strideW, int padTop, int padLeft) {
        this.h = h;
        this.w = w;
        this.c = c;
        this.oH = oH;
        this.oW = oW;
        this.kH = kH;
        this.kW = kW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padTop = padTop;
        this.padLeft = padLeft;
    }

    boolean fits(int h, int w, int oH, int oW) {
        return this.h == h && this.w == w && this.oH == oH && this.oW == oW;
    }

    /** y = depthwise(x) + bias, then the activation; x is [n, h, w, c], y [n, oH, oW, c]. */
    void forward(int n, float[] x, float[] kernel, float[] bias, float[] y, Activation activation) {
        int span = oW * c;
        tapsAlongOutput = tile(kernel, oW, tapsAlongOutput);
        float[] biasRow = bias == null ? null : tile(bias, oW, null)[0];
        Parallel par = Parallel.current();
        ensureBuffers(par.threads(), false);
        int rows = n * oH;
        int tasks = Parallel.tasksFor((long) rows * span * kH * kW, Parallel.GRAIN, 4 * par.threads());
        par.run(tasks, (t, worker) -> {
            float[] acc = bufA[worker][0], shifted = bufB[worker][0];
            for (int r = rows * t / tasks, r1 = rows * (t + 1) / tasks; r < r1; r++) {
                int s = r / oH, oy = r - s * oH;
                if (biasRow != null) System.arraycopy(biasRow, 0, acc, 0, span); else Arrays.fill(acc, 0, span, 0f);
                for (int ky = 0; ky < kH; ky++) {
                    int iy = oy * strideH - padTop + ky;
                    if (iy < 0 || iy >= h) continue;
                    for (int kx = 0; kx < kW; kx++) {
                        inputRunUnder(x, s, iy, kx, shifted);
                        float[] tap = tapsAlongOutput[ky * kW + kx];
                        for (int j = 0; j < span; j++) acc[j] += shifted[j] * tap[j];
                    }
                }
                System.arraycopy(acc, 0, y, r * span, span);
                activation.apply(y, r * span, span);
            }
        });
    }

    /**
     * Adds dW (flattened [kH·kW·c]) and dB per sample group into {@code kernelParts[g]},
     * {@code biasParts[g]} (each group's buffers are overwritten), and writes dX when dx is not null.
     */
    void backward(int n, float[] x, float[] dy, float[] kernel, boolean trainKernel, boolean trainBias,
                  float[] dx, int groups, float[][] kernelParts, float[][] biasParts) {
        int span = oW * c, taps = kH * kW;
        Parallel par = Parallel.current();
        ensureBuffers(par.threads(), true);
        if (dx != null) tapsAlongInput = tile(kernel, w, tapsAlongInput);
        par.run(groups, (g, worker) -> {
            int s0 = n * g / groups, s1 = n * (g + 1) / groups;
            float[] dyRow = bufA[worker][0], shifted = bufB[worker][0];
            float[][] lane = lanes[worker]; // lane[tap] per output position; lane[taps] for the bias
            if (trainKernel || trainBias) {
                for (float[] l : lane) Arrays.fill(l, 0f);
                for (int s = s0; s < s1; s++) {
                    for (int oy = 0; oy < oH; oy++) {
                        System.arraycopy(dy, (s * oH + oy) * span, dyRow, 0, span);
                        if (trainBias) {
                            float[] lb = lane[taps];
                            for (int j = 0; j < span; j++) lb[j] += dyRow[j];
                        }
                        if (!trainKernel) continue;
                        for (int ky = 0; ky < kH; ky++) {
                            int iy = oy * strideH - padTop + ky;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < kW; kx++) {
                                inputRunUnder(x, s, iy, kx, shifted);
                                float[] l = lane[ky * kW + kx];
                                for (int j = 0; j < span; j++) l[j] += dyRow[j] * shifted[j];
                            }
                        }
                    }
                }
                // Sum each lane over the output positions, in order.
                if (trainKernel) for (int tap = 0; tap < taps; tap++) sumPositions(lane[tap], kernelParts[g], tap * c);
                if (trainBias) sumPositions(lane[taps], biasParts[g], 0);
            }
            if (dx == null) return;
            // dX row iy = Σ over taps of the output-gradient row it fed, shifted back, times the tap.
            float[] dxRow = bufA[worker][1], dyRun = bufB[worker][1];
            for (int s = s0; s < s1; s++) {
                for (int iy = 0; iy < h; iy++) {
                    Arrays.fill(dxRow, 0f);
                    for (int ky = 0; ky < kH; ky++) {
                        int num = iy + padTop - ky;
                        if (num < 0 || num % strideH != 0 || num / strideH >= oH) continue;
                        int oy = num / strideH;
                        for (int kx = 0; kx < kW; kx++) {
                            gradientRunOver(dy, s, oy, kx, dyRun);
                            float[] tap = tapsAlongInput[ky * kW + kx];
                            for (int j = 0; j < dxRow.length; j++) dxRow[j] += dyRun[j] * tap[j];
                        }
                    }
                    System.arraycopy(dxRow, 0, dx, (s * h + iy) * w * c, w * c);
                }
            }
        });
    }

    /** dst[j] = input value under kernel column kx for output position j / c of row iy (0 over the padding). */
    private void inputRunUnder(float[] x, int s, int iy, int kx, float[] dst) {
        int span = oW * c;
        // output columns whose input column ix = ox·stride − pad + kx lies in [0, w)
        int lo = Math.min(oW, Math.max(0, ceilDiv(padLeft - kx, strideW)));
        int hi = Math.max(lo, Math.min(oW, ceilDiv(w + padLeft - kx, strideW)));
        Arrays.fill(dst, 0, lo * c, 0f);
        int src = ((s * h + iy) * w + lo * strideW - padLeft + kx) * c;
        if (strideW == 1) {
            System.arraycopy(x, src, dst, lo * c, (hi - lo) * c); // one contiguous run
        } else {
            for (int ox = lo; ox < hi; ox++, src += strideW * c) System.arraycopy(x, src, dst, ox * c, c);
        }
        Arrays.fill(dst, hi * c, span, 0f);
    }

    /**
     * dst[j] = output gradient at the output position that read input column j / c through kernel
     * column kx (0 where no output position did, e.g. between the columns of a stride-2 layer).
     */
    private void gradientRunOver(float[] dy, int s, int oy, int kx, float[] dst) {
        if (strideW == 1) {
            int lo = Math.max(0, kx - padLeft), hi = Math.max(lo, Math.min(w, oW - padLeft + kx)); // ox = ix + pad − kx in [0, oW)
            Arrays.fill(dst, 0, lo * c, 0f);
            System.arraycopy(dy, ((s * oH + oy) * oW + lo + padLeft - kx) * c, dst, lo * c, (hi - lo) * c);
            Arrays.fill(dst, hi * c, w * c, 0f);
            return;
        }
        Arrays.fill(dst, 0, w * c, 0f);
        for (int ox = 0; ox < oW; ox++) {
            int ix = ox * strideW - padLeft + kx;
            if (ix >= 0 && ix < w) System.arraycopy(dy, ((s * oH + oy) * oW + ox) * c, dst, ix * c, c);
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** into[off + ch] = Σ_positions lane[pos·c + ch], summed in position order. */
    private void sumPositions(float[] lane, float[] into, int off) {
        for (int ch = 0; ch < c; ch++) into[off + ch] = 0f;
        for (int pos = 0; pos < oW; pos++) {
            for (int ch = 0; ch < c; ch++) into[off + ch] += lane[pos * c + ch];
        }
    }

    /** Each row of v (length c per tap: v has taps·c values) repeated {@code times} times. */
    private float[][] tile(float[] v, int times, float[][] reuse) {
        int rows = v.length / c;
        if (reuse == null || reuse.length != rows || reuse[0].length != times * c) reuse = new float[rows][times * c];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < times; t++) System.arraycopy(v, r * c, reuse[r], t * c, c);
        }
        return reuse;
    }

    private void ensureBuffers(int threads, boolean backward) {
        int span = oW * c, row = w * c, longest = Math.max(span, row);
        if (bufA.length < threads || bufA[0][0].length != longest) {
            bufA = new float[threads][2][longest];
            bufB = new float[threads][2][longest];
        }
        for (float[][] b : bufA) b[1] = b[1].length == row ? b[1] : new float[row];
        for (float[][] b : bufB) b[1] = b[1].length == row ? b[1] : new float[row];
        if (backward && (lanes.length < threads || lanes[0].length != kH * kW + 1 || lanes[0][0].length != span)) {
            lanes = new float[threads][kH * kW + 1][span];
        }
    }
}
