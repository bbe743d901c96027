package org.localexpert.core.layer;

/**
 * Max pooling (TFLite MAX_POOL_2D). Forward remembers, per output element, which input element won;
 * backward routes the gradient there (ties go to the first maximum in row-major window order).
 */
public final class MaxPool2D extends Pool2D {
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
        int o = ((n * oH + oy) * oW + ox) * c;
        int y0 = Math.max(0, windowTop(oy)), y1 = Math.min(h, windowTop(oy) + poolH);
        int x0 = Math.max(0, windowLeft(ox)), x1 = Math.min(w, windowLeft(ox) + poolW);
        boolean first = true;
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
                int i = ((n * h + iy) * w + ix) * c;
                if (first) {
                    for (int ch = 0; ch < c; ch++) {
                        y[o + ch] = x[i + ch];
                        argmax[o + ch] = i + ch;
                    }
                    first = false;
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        if (x[i + ch] > y[o + ch]) {
                            y[o + ch] = x[i + ch];
                            argmax[o + ch] = i + ch;
                        }
                    }
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
