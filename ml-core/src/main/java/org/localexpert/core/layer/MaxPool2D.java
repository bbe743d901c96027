package org.localexpert.core.layer;

/**
 * Max pooling (TFLite MAX_POOL_2D). Backward routes each gradient to the input element that won
 * (ties: the first maximum in row-major window order).
 */
public final class MaxPool2D extends Pool2D {
    /** Square window, stride = window (the common 2×2/2 pool) when stride is 0. */
    public MaxPool2D(String name, int pool, int stride, Padding padding) {
        this(name, pool, pool, stride == 0 ? pool : stride, stride == 0 ? pool : stride, padding);
    }

    public MaxPool2D(String name, int poolH, int poolW, int strideH, int strideW, Padding padding) {
        super(name, poolH, poolW, strideH, strideW, padding);
    }

    @Override
    protected void forwardPixel(int n, int oy, int ox) {
        float[] x = input.data(), y = output.data();
        int o = ((n * oH + oy) * oW + ox) * c;
        int y0 = Math.max(0, windowTop(oy)), y1 = Math.min(h, windowTop(oy) + poolH);
        int x0 = Math.max(0, windowLeft(ox)), x1 = Math.min(w, windowLeft(ox) + poolW);
        System.arraycopy(x, ((n * h + y0) * w + x0) * c, y, o, c);
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                int i = ((n * h + iy) * w + ix) * c;
                for (int ch = 0; ch < c; ch++) y[o + ch] = Math.max(y[o + ch], x[i + ch]);
            }
        }
    }

    /**
     * Routes each output gradient to the first window cell (row-major) holding the maximum: the cell
     * is found again rather than remembered, which keeps forward a plain max. The scan runs
     * backwards so the first match in row-major order is the one left.
     */
    @Override
    protected void backwardPixel(int n, int oy, int ox, float[] dy) {
        float[] x = input.data(), y = output.data(), dx = gradInput.data();
        int o = ((n * oH + oy) * oW + ox) * c;
        int y0 = Math.max(0, windowTop(oy)), y1 = Math.min(h, windowTop(oy) + poolH);
        int x0 = Math.max(0, windowLeft(ox)), x1 = Math.min(w, windowLeft(ox) + poolW);
        for (int ch = 0; ch < c; ch++) {
            // The max is one of the window's values bit for bit (Math.max returns an argument), so
            // compare raw bits: differ = 0 exactly at a match, and the mask arithmetic has no branch.
            int maxBits = Float.floatToRawIntBits(y[o + ch]);
            int first = ((n * h + y0) * w + x0) * c + ch;
            for (int iy = y1 - 1; iy >= y0; iy--) {
                for (int ix = x1 - 1, i = ((n * h + iy) * w + ix) * c + ch; ix >= x0; ix--, i -= c) {
                    int differ = Float.floatToRawIntBits(x[i]) ^ maxBits;
                    int other = (differ | -differ) >> 31; // -1 unless this cell holds the max
                    first = (first & other) | (i & ~other);
                }
            }
            dx[first] += dy[o + ch];
        }
    }

    @Override
    public MaxPool2D copy(String newName) {
        return new MaxPool2D(newName, poolH, poolW, strideH, strideW, padding);
    }

    @Override
    public String toString() {
        return "MaxPool2D(" + name + ", " + poolH + "x" + poolW + "/" + strideH + "x" + strideW + ", " + padding + ")";
    }
}
