package org.localexpert.core.layer;

import java.util.Arrays;

/**
 * The im2col geometry of one convolution call: which input values make up the patch (kH·kW·inC
 * values, ordered ky, kx, c like the kernel) under each output pixel, with TFLite padding. Copies
 * patches out of an NHWC image in either layout and adds patch gradients back ("col2im"). Output
 * pixels are numbered row-major over (n, oy, ox); patch values under the padding are zero.
 */
final class Patches {
    final int h, w, inChannels, kernelH, kernelW, strideH, strideW, oH, oW, padTop, padLeft;

    Patches(int h, int w, int inChannels, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        this.h = h;
        this.w = w;
        this.inChannels = inChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.oH = padding.outputSize(h, kernelH, strideH);
        this.oW = padding.outputSize(w, kernelW, strideW);
        this.padTop = padding.padBefore(h, kernelH, strideH);
        this.padLeft = padding.padBefore(w, kernelW, strideW);
    }

    /** Values per patch. */
    int size() {
        return kernelH * kernelW * inChannels;
    }

    boolean sameAs(int h, int w) {
        return this.h == h && this.w == w;
    }

    /**
     * Patches of output rows [r0, r0+rows), transposed: {@code dst[k][r]} is patch value k (ordered
     * ky, kx, c like the kernel) of row r0+r; zeros where the patch hangs over the padding. Walks
     * k-major so that writes are sequential; within one image row the input is read at a fixed stride.
     */
    void im2colT(float[] x, int r0, int rows, float[][] dst) {
        int perImage = oH * oW;
        for (int ky = 0, k = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                for (int c = 0; c < inChannels; c++, k++) {
                    float[] d = dst[k];
                    int n = r0 / perImage, rem = r0 - n * perImage, oy = rem / oW, ox = rem - oy * oW;
                    for (int r = 0; r < rows; ) {
                        int len = Math.min(oW - ox, rows - r);
                        int iy = oy * strideH - padTop + ky;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(d, r, r + len, 0f);
                        } else {
                            // valid output columns [lo, hi): 0 <= (ox+j)·stride − pad + kx < w
                            int lo = validFrom(ox, kx, len), hi = Math.max(lo, validTo(ox, kx, len));
                            int src = ((n * h + iy) * w + (ox + lo) * strideW - padLeft + kx) * inChannels + c;
                            int step = strideW * inChannels;
                            Arrays.fill(d, r, r + lo, 0f);
                            if (step == 1) System.arraycopy(x, src, d, r + lo, hi - lo); // one channel, stride 1: a plain run
                            else for (int j = lo; j < hi; j++, src += step) d[r + j] = x[src];
                            Arrays.fill(d, r + hi, r + len, 0f);
                        }
                        r += len;
                        ox = 0;
                        if (++oy == oH) {
                            oy = 0;
                            n++;
                        }
                    }
                }
            }
        }
    }

    /** First j in [0, len) whose input column (ox+j)·stride − pad + kx is ≥ 0 (len if none). */
    private int validFrom(int ox, int kx, int len) {
        int need = padLeft - kx - ox * strideW; // need j·stride ≥ need
        if (need <= 0) return 0;
        return Math.min(len, (need + strideW - 1) / strideW);
    }

    /** One past the last j in [0, len) whose input column is &lt; w. */
    private int validTo(int ox, int kx, int len) {
        int limit = w - 1 + padLeft - kx - ox * strideW; // need j·stride ≤ limit
        if (limit < 0) return 0;
        return Math.min(len, limit / strideW + 1);
    }

    /**
     * Row-major patches for backward: {@code dst[r][k]}. Along kx a patch row is contiguous in NHWC,
     * so each kernel row is one copy when it lies inside the image.
     */
    void im2col(float[] x, int r0, int rows, float[][] dst) {
        int perImage = oH * oW, span = kernelW * inChannels;
        int n = r0 / perImage, rem = r0 - n * perImage, oy = rem / oW, ox = rem - oy * oW;
        for (int r = 0; r < rows; r++) {
            float[] d = dst[r];
            int ix0 = ox * strideW - padLeft;
            boolean inside = ix0 >= 0 && ix0 + kernelW <= w;
            for (int ky = 0, o = 0; ky < kernelH; ky++, o += span) {
                int iy = oy * strideH - padTop + ky;
                if (iy < 0 || iy >= h) {
                    Arrays.fill(d, o, o + span, 0f);
                } else if (inside) {
                    System.arraycopy(x, ((n * h + iy) * w + ix0) * inChannels, d, o, span);
                } else {
                    for (int kx = 0; kx < kernelW; kx++) {
                        int ix = ix0 + kx, oo = o + kx * inChannels;
                        if (ix < 0 || ix >= w) Arrays.fill(d, oo, oo + inChannels, 0f);
                        else System.arraycopy(x, ((n * h + iy) * w + ix) * inChannels, d, oo, inChannels);
                    }
                }
            }
            if (++ox == oW) {
                ox = 0;
                if (++oy == oH) {
                    oy = 0;
                    n++;
                }
            }
        }
    }

    /** The transpose of im2colT: adds {@code src[k][r]} back onto the input value it was copied from. */
    void col2imT(float[][] src, int r0, int rows, float[] dx) {
        int perImage = oH * oW;
        for (int ky = 0, k = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
                for (int c = 0; c < inChannels; c++, k++) {
                    float[] s = src[k];
                    int n = r0 / perImage, rem = r0 - n * perImage, oy = rem / oW, ox = rem - oy * oW;
                    for (int r = 0; r < rows; ) {
                        int len = Math.min(oW - ox, rows - r);
                        int iy = oy * strideH - padTop + ky;
                        if (iy >= 0 && iy < h) {
                            int lo = validFrom(ox, kx, len), hi = Math.max(lo, validTo(ox, kx, len));
                            int d = ((n * h + iy) * w + (ox + lo) * strideW - padLeft + kx) * inChannels + c;
                            int step = strideW * inChannels;
                            for (int j = lo; j < hi; j++, d += step) dx[d] += s[r + j];
                        }
                        r += len;
                        ox = 0;
                        if (++oy == oH) {
                            oy = 0;
                            n++;
                        }
                    }
                }
            }
        }
    }

    /** The transpose of im2col: adds each patch gradient back onto the input pixels it came from. */
    void col2im(float[][] src, int r0, int rows, float[] dx) {
        int perImage = oH * oW, span = kernelW * inChannels;
        int n = r0 / perImage, rem = r0 - n * perImage, oy = rem / oW, ox = rem - oy * oW;
        for (int r = 0; r < rows; r++) {
            float[] s = src[r];
            int ix0 = ox * strideW - padLeft;
            int kxLo = Math.max(0, -ix0), kxHi = Math.min(kernelW, w - ix0);
            for (int ky = 0, o = 0; ky < kernelH; ky++, o += span) {
                int iy = oy * strideH - padTop + ky;
                if (iy < 0 || iy >= h || kxLo >= kxHi) continue;
                // the valid part of a kernel row is one contiguous run in both arrays
                int d = ((n * h + iy) * w + ix0 + kxLo) * inChannels, from = o + kxLo * inChannels;
                int len = (kxHi - kxLo) * inChannels;
                for (int i = 0; i < len; i++) dx[d + i] += s[from + i];
            }
            if (++ox == oW) {
                ox = 0;
                if (++oy == oH) {
                    oy = 0;
                    n++;
                }
            }
        }
    }
}
