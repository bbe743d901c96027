package org.localexpert.core.data;

/**
 * The one resampling routine of the project, used by the handwriting recipe, the photo path on
 * the host and the app's photo path — so host and phone feed the model the same numbers for the
 * same decoded pixels.
 *
 * <p>Separable, per axis: when an axis shrinks, <b>area averaging</b> (each output pixel is the
 * mean of the source area it covers, partial pixels weighted by overlap — no aliasing, and for
 * integer factors exactly a box mean); when an axis grows, <b>bilinear</b> interpolation with
 * pixel centres aligned ({@code src = (dst + 0.5) * srcSize / dstSize - 0.5}, clamped at the
 * edges). Area averaging alone would make enlargements blocky; bilinear alone aliases when
 * shrinking.
 *
 * <p>Photos: {@link #argbToRgb} reads ARGB ints (as android.graphics.Bitmap.getPixels and
 * java.awt.image.BufferedImage.getRGB give them) straight into the first pass, so a large photo is
 * never held as floats. Values are in [0, 1]; transparent pixels are composited over white.
 */
public final class Resize {
    private Resize() {
    }

    /** Source taps for each output index along one axis: start[k], then count[k] weights. */
    static final class Taps {
        final int[] start;
        final int[] count;
        final float[][] weights;

        Taps(int srcSize, int dstSize) {
            start = new int[dstSize];
            count = new int[dstSize];
            weights = new float[dstSize][];
            double scale = (double) srcSize / dstSize;
            for (int k = 0; k < dstSize; k++) {
                if (dstSize < srcSize) {
                    double lo = k * scale, hi = (k + 1) * scale;
                    int first = (int) Math.floor(lo);
                    int last = Math.min(srcSize - 1, (int) Math.ceil(hi) - 1);
                    float[] w = new float[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                        w[i - first] = (float) (overlap / scale);
                    }
                    start[k] = first;
                    count[k] = w.length;
                    weights[k] = w;
                } else {
                    double src = (k + 0.5) * scale - 0.5;
                    if (src < 0) src = 0;
                    if (src > srcSize - 1) src = srcSize - 1;
                    int i0 = (int) Math.floor(src);
                    int i1 = Math.min(i0 + 1, srcSize - 1);
                    float f = (float) (src - i0);
                    start[k] = i0;
                    if (i1 == i0 || f == 0) {
                        count[k] = 1;
                        weights[k] = new float[] {1f};
                    } else {
                        count[k] = 2;
                        weights[k] = new float[] {1f - f, f};
                    }
                }
            }
        }
    }

    /** Resizes interleaved {@code channels}-channel float pixels from sw x sh to dw x dh. */
    public static float[] resize(float[] src, int sw, int sh, int channels, int dw, int dh) {
        checkSizes(sw, sh, dw, dh);
        if ((long) sw * sh * channels != src.length) {
            throw new IllegalArgumentException(sw + "x" + sh + "x" + channels + " needs " + (long) sw * sh * channels + " values, got " + src.length);
        }
        if (sw == dw && sh == dh) return src.clone();
        Taps tx = new Taps(sw, dw);
        float[] rows = new float[Math.multiplyExact(Math.multiplyExact(dw, sh), channels)];
        for (int y = 0; y < sh; y++) {
            int srcRow = y * sw * channels, dstRow = y * dw * channels;
            for (int x = 0; x < dw; x++) {
                float[] w = tx.weights[x];
                for (int c = 0; c < channels; c++) {
                    float sum = 0;
                    for (int t = 0; t < w.length; t++) sum += w[t] * src[srcRow + (tx.start[x] + t) * channels + c];
                    rows[dstRow + x * channels + c] = sum;
                }
            }
        }
        return vertical(rows, dw, sh, channels, dh);
    }

    /**
     * ARGB pixels (sw x sh) to interleaved RGB floats in [0, 1] at dw x dh. Alpha is composited
     * over white so a transparent background reads as a plain light background.
     */
    public static float[] argbToRgb(int[] argb, int sw, int sh, int dw, int dh) {
        checkSizes(sw, sh, dw, dh);
        if ((long) sw * sh != argb.length) throw new IllegalArgumentException(sw + "x" + sh + " needs " + (long) sw * sh + " pixels, got " + argb.length);
        Taps tx = new Taps(sw, dw);
        float[] rows = new float[Math.multiplyExact(Math.multiplyExact(dw, sh), 3)];
        float[] rgb = new float[3];
        for (int y = 0; y < sh; y++) {
            int srcRow = y * sw, dstRow = y * dw * 3;
            for (int x = 0; x < dw; x++) {
                float[] w = tx.weights[x];
                float r = 0, g = 0, b = 0;
                for (int t = 0; t < w.length; t++) {
                    unpack(argb[srcRow + tx.start[x] + t], rgb);
                    r += w[t] * rgb[0];
                    g += w[t] * rgb[1];
                    b += w[t] * rgb[2];
                }
                rows[dstRow + x * 3] = r;
                rows[dstRow + x * 3 + 1] = g;
                rows[dstRow + x * 3 + 2] = b;
            }
        }
        return vertical(rows, dw, sh, 3, dh);
    }

    /** One ARGB pixel as RGB in [0, 1], composited over white. */
    static void unpack(int pixel, float[] rgb) {
        float a = (pixel >>> 24) / 255f;
        float white = 1f - a;
        rgb[0] = ((pixel >> 16) & 0xFF) / 255f * a + white;
        rgb[1] = ((pixel >> 8) & 0xFF) / 255f * a + white;
        rgb[2] = (pixel & 0xFF) / 255f * a + white;
    }

    private static float[] vertical(float[] rows, int width, int sh, int channels, int dh) {
        if (sh == dh) return rows;
        Taps ty = new Taps(sh, dh);
        int rowLength = width * channels;
        float[] out = new float[Math.multiplyExact(dh, rowLength)];
        for (int y = 0; y < dh; y++) {
            float[] w = ty.weights[y];
            int dst = y * rowLength;
            for (int t = 0; t < w.length; t++) {
                int src = (ty.start[y] + t) * rowLength;
                float wt = w[t];
                for (int i = 0; i < rowLength; i++) out[dst + i] += wt * rows[src + i];
            }
        }
        return out;
    }

    private static void checkSizes(int sw, int sh, int dw, int dh) {
        if (sw <= 0 || sh <= 0 || dw <= 0 || dh <= 0) {
            throw new IllegalArgumentException("image sizes must be positive: " + sw + "x" + sh + " -> " + dw + "x" + dh);
        }
    }
}
