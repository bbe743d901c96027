package org.localexpert.core.layer;

/**
 * Max pooling (TFLite MAX_POOL_2D). Backward routes each gradient to the input element that won
 * (ties: the first maximum in row-major window order).
 */
public final class MaxPool2D extends Pool2D {
    /** Per output element, the flat input index of the maximum: where backward routes the gradient. */
    private int[] argmax = new int[0];
    /** Square window, stride = window (the common 2×2/2 pool) when stride is 0. */
    public MaxPool2D(String name, int pool, int stride, Padding padding) {
        this(name, pool, pool, stride == 0 ? pool : stride, stride == 0 ? pool : stride, padding);
    }

    public MaxPool2D(String name, int poolH, int poolW, int strideH, int strideW, Padding padding) {
        super(name, poolH, poolW, strideH, strideW, padding);
    }

    @Override
    protected void prepareForward() {
        if (argmax.length != output.size()) argmax = new int[output.size()];
    }

    @Override
    protected void forwardPixel(int n, int oy, int ox) {
        float[] x = input.data(), y = output.data();
        int[] arg = argmax;
        int o = ((n * oH + oy) * oW + ox) * c;
        int y0 = Math.max(0, windowTop(oy)), y1 = Math.min(h, windowTop(oy) + poolH);
        int x0 = Math.max(0, windowLeft(ox)), x1 = Math.min(w, windowLeft(ox) + poolW);
        int first = ((n * h + y0) * w + x0) * c;
        System.arraycopy(x, first, y, o, c);
        for (int ch = 0; ch < c; ch++) arg[o + ch] = first + ch;
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                int i = ((n * h + iy) * w + ix) * c;
                for (int ch = 0; ch < c; ch++) {
                    // No data-dependent branch (which value wins is a coin flip, and a mispredicted
                    // branch costs more than this): the sign bit of max − v is set exactly when v is
                    // larger, giving an all-ones mask that selects the new index. Ties keep the first.
                    float v = x[i + ch], max = y[o + ch];
                    int larger = Float.floatToRawIntBits(max - v) >> 31;
                    y[o + ch] = Math.max(max, v);
                    arg[o + ch] = (arg[o + ch] & ~larger) | ((i + ch) & larger);
                }
            }
        }
    }

    @Override
    protected void backwardPixel(int n, int oy, int ox, float[] dy) {
        float[] dx = gradInput.data();
        int o = ((n * oH + oy) * oW + ox) * c;
        for (int ch = 0; ch < c; ch++) dx[argmax[o + ch]] += dy[o + ch];
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
