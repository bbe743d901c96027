package org.localexpert.core.layer;

/**
 * Spatial padding of convolutions and pools, with TensorFlow Lite's arithmetic so that exported
 * models compute exactly what the Java engine computed:
 * <ul>
 * <li>VALID: no padding, out = floor((in - k) / stride) + 1.</li>
 * <li>SAME: out = ceil(in / stride); total padding = max((out - 1) * stride + k - in, 0), of which
 * {@code total / 2} goes before (top/left) and the rest after. With odd totals the extra row or
 * column is at the bottom/right.</li>
 * </ul>
 */
public enum Padding {
    SAME, VALID;

    public int outputSize(int in, int kernel, int stride) {
        if (this == SAME) return (in + stride - 1) / stride;
        return in < kernel ? 0 : (in - kernel) / stride + 1;
    }

    /** Padding rows (or columns) before the first input row. */
    public int padBefore(int in, int kernel, int stride) {
        if (this == VALID) return 0;
        int out = outputSize(in, kernel, stride);
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return total / 2;
    }
}
