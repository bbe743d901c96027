package org.localexpert.core.layer;

/**
 * Average pooling (TFLite AVERAGE_POOL_2D). With SAME padding the windows at the border are
 * divided by the number of real input cells they cover, not by the window size — what TFLite
 * computes, so padding does not darken the border.
 */
public final class AveragePool2D extends Pool2D {

    public AveragePool2D(String name, int pool, int stride, Padding padding) {
        this(name, pool, pool, stride == 0 ? pool : stride, stride == 0 ? pool : stride, padding);
    }

    public AveragePool2D(String name, int poolH, int poolW, int strideH, int strideW, Padding padding) {
        super(name, poolH, poolW, strideH, strideW, padding);
    }

    @Override
    protected void forwardPixel(int n, int oy, int ox) {
        float[] x = input.data(), y = output.data();
        int o = ((n * oH + oy) * oW + ox) * c;
        int y0 = Math.max(0, windowTop(oy)), y1 = Math.min(h, windowTop(oy) + poolH);
        int x0 = Math.max(0, windowLeft(ox)), x1 = Math.min(w, windowLeft(ox) + poolW);
        for (int ch = 0; ch < c; ch++) y[o + ch] = 0f;
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
                int i = ((n * h + iy) * w + ix) * c;
                for (int ch = 0; ch < c; ch++) y[o + ch] += x[i + ch];
            }
        }
        float inv = 1f / ((y1 - y0) * (x1 - x0));
        for (int ch = 0; ch < c; ch++) y[o + ch] *= inv;
    }

    @Override
    protected void backwardPixel(int n, int oy, int ox, float[] dy) {
        float[] dx = gradInput.data();
        int o = ((n * oH + oy) * oW + ox) * c;
        int y0 = Math.max(0, windowTop(oy)), y1 = Math.min(h, windowTop(oy) + poolH);
        int x0 = Math.max(0, windowLeft(ox)), x1 = Math.min(w, windowLeft(ox) + poolW);
        float inv = 1f / ((y1 - y0) * (x1 - x0));
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
                int i = ((n * h + iy) * w + ix) * c;
                for (int ch = 0; ch < c; ch++) dx[i + ch] += dy[o + ch] * inv;
            }
        }
    }

    @Override
    public AveragePool2D copy(String newName) {
        return new AveragePool2D(newName, poolH, poolW, strideH, strideW, padding);
    }

    @Override
    public String toString() {
        return "AveragePool2D(" + name + ", " + poolH + "x" + poolW + "/" + strideH + "x" + strideW + ", " + padding + ")";
    }
}
