package org.localexpert.core.train;

/**
 * Bilinear resampling of an HWC image through an affine map from output to source coordinates,
 * shared by the geometric augmentations. Source pixels outside the image count as {@code fill}.
 * Pixel centres sit at integer coordinates.
 */
final class Resampler {
    private float[] scratch = new float[0];
    /** Per output column: the source coordinate's floor and fraction (separable maps). */
    private int[] columnFloor = new int[0];
    private float[] columnFraction = new float[0];

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
        if (b == 0 && d == 0) {
            separable(src, data, offset, height, width, channels, a, c, e, f, fill, false);
        } else if (a == 0 && e == 0) {
            separable(src, data, offset, height, width, channels, b, c, d, f, fill, true);
        } else {
            general(src, data, offset, height, width, channels, a, b, c, d, e, f, fill);
        }
    }

    /**
     * The axis-aligned maps every crop, flip and 90° turn is: the source column depends on one output axis and the
     * source row on the other ({@code turned}: sx = p·y + c, sy = q·x + f; else sx = p·x + c, sy = q·y + f). Each
     * coordinate, its floor and fraction are computed once per row or column with the general loop's arithmetic
     * (a zero term adds a signed zero, which changes no sum), so every output has the general loop's bits.
     */
    private void separable(float[] src, float[] data, int offset, int height, int width, int channels,
                           double p, double c, double q, double f, float fill, boolean turned) {
        if (columnFloor.length < width) {
            columnFloor = new int[width];
            columnFraction = new float[width];
        }
        int[] i0 = columnFloor;
        float[] fr = columnFraction;
        for (int x = 0; x < width; x++) {
            double v = turned ? q * x + f : p * x + c;
            i0[x] = floor(v);
            fr[x] = (float) (v - i0[x]);
        }
        for (int y = 0; y < height; y++) {
            double v = turned ? p * y + c : q * y + f;
            int j0 = floor(v);
            float fj = (float) (v - j0);
            for (int x = 0; x < width; x++) {
                int x0 = turned ? j0 : i0[x], y0 = turned ? i0[x] : j0;
                float fx = turned ? fj : fr[x], fy = turned ? fr[x] : fj;
                sample(src, data, offset + (y * width + x) * channels, x0, y0, fx, fy, height, width, channels, fill);
            }
        }
    }

    /** Bilinear sample of source (x0 + fx, y0 + fy) into {@code data[out ..]}. */
    private static void sample(float[] src, float[] data, int out, int x0, int y0, float fx, float fy, int height, int width, int channels,
                               float fill) {
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
            // All four neighbours inside (nearly every pixel): the same arithmetic without bounds checks.
            int i00 = (y0 * width + x0) * channels, i10 = i00 + width * channels;
            for (int ch = 0; ch < channels; ch++) {
                float v00 = src[i00 + ch], v01 = src[i00 + channels + ch], v10 = src[i10 + ch], v11 = src[i10 + channels + ch];
                float top = v00 + (v01 - v00) * fx;
                float bottom = v10 + (v11 - v10) * fx;
                data[out + ch] = top + (bottom - top) * fy;
            }
            return;
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

    /** Any affine map (rotations, shears): coordinates per pixel. Package-private so tests can compare the fast path with it. */
    void general(float[] src, float[] data, int offset, int height, int width, int channels,
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
                sample(src, data, offset + (y * width + x) * channels, x0, y0, fx, fy, height, width, channels, fill);
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
