package org.localexpert.core.train;

/**
 * Bilinear resampling of an HWC image through an affine map from output to source coordinates,
 * shared by the geometric augmentations. Source pixels outside the image count as {@code fill}.
 * Pixel centres sit at integer coordinates.
 */
final class Resampler {
    private float[] scratch = new float[0];

    /**
     * Replaces the image at {@code data[offset..]} with {@code out(y, x) = in(sy, sx)} where
     * {@code sx = a*x + b*y + c} and {@code sy = d*x + e*y + f}.
     */
    void warp(float[] data, int offset, int height, int width, int channels,
              double a, double b, double c, double d, double e, double f, float fill) {
        int size = height * width * channels;
        if (scratch.length < size) scratch = new float[size];
        System.arraycopy(data, offset, scratch, 0, size);
        warp(scratch, data, offset, height, width, channels, a, b, c, d, e, f, fill);
    }

    /** As {@link #warp(float[], int, int, int, int, double, double, double, double, double, double, float)}, reading {@code src} (at 0) into {@code data}. */
    void warp(float[] src, float[] data, int offset, int height, int width, int channels,
              double a, double b, double c, double d, double e, double f, float fill) {
        for (int y = 0; y < height; y++) {
            double by = b * y, ey = e * y, xd = 0; // xd: x as a double, counted exactly instead of converted
            for (int x = 0; x < width; x++, xd++) {
                double sx = a * xd + by + c;
                double sy = d * xd + ey + f;
                int x0 = floor(sx);
                int y0 = floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int out = offset + (y * width + x) * channels;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
                    // All four neighbours inside (nearly every pixel): the same arithmetic without bounds checks.
                    int i00 = (y0 * width + x0) * channels, i10 = i00 + width * channels;
                    for (int ch = 0; ch < channels; ch++) {
                        float v00 = src[i00 + ch], v01 = src[i00 + channels + ch], v10 = src[i10 + ch], v11 = src[i10 + channels + ch];
                        float top = v00 + (v01 - v00) * fx;
                        float bottom = v10 + (v11 - v10) * fx;
                        data[out + ch] = top + (bottom - top) * fy;
                    }
                    continue;
                }
                for (int ch = 0; ch < channels; ch++) {
                    float v00 = at(src, y0, x0, ch, height, width, channels, fill);
                    float v01 = at(src, y0, x0 + 1, ch, height, width, channels, fill);
                    float v10 = at(src, y0 + 1, x0, ch, height, width, channels, fill);
                    float v11 = at(src, y0 + 1, x0 + 1, ch, height, width, channels, fill);
                    float top = v00 + (v01 - v00) * fx;
                    float bottom = v10 + (v11 - v10) * fx;
                    data[out + ch] = top + (bottom - top) * fy;
                }
            }
        }
    }

    /** Math.floor as an int, without the call (the same value for every coordinate an image can have). */
    private static int floor(double v) {
        int i = (int) v;
        return i > v ? i - 1 : i;
    }

    private static float at(float[] src, int y, int x, int ch, int h, int w, int c, float fill) {
        if (y < 0 || y >= h || x < 0 || x >= w) return fill;
        return src[(y * w + x) * c + ch];
    }
}
