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
        float[] src = scratch;
        System.arraycopy(data, offset, src, 0, size);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sx = a * x + b * y + c;
                double sy = d * x + e * y + f;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int out = offset + (y * width + x) * channels;
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

    private static float at(float[] src, int y, int x, int ch, int h, int w, int c, float fill) {
        if (y < 0 || y >= h || x < 0 || x >= w) return fill;
        return src[(y * w + x) * c + ch];
    }
}
