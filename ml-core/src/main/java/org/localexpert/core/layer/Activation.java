package org.localexpert.core.layer;

/**
 * An activation fused into a Conv2D, DepthwiseConv2D or Dense layer, exactly as TFLite's
 * {@code fused_activation_function} (NONE, RELU, RELU6), so the exporter writes one op.
 *
 * <p>Backward uses the activation's output: ReLU passes the gradient where y &gt; 0, ReLU6 where
 * 0 &lt; y &lt; 6. (At the kinks the subgradient 0 is used, as TensorFlow does.)
 */
public enum Activation {
    NONE, RELU, RELU6;

    /** Applies the activation in place to {@code x[off, off+len)}. */
    public void apply(float[] x, int off, int len) {
        switch (this) {
            case NONE:
                return;
            case RELU:
                for (int i = off; i < off + len; i++) x[i] = Math.max(x[i], 0f);
                return;
            default:
                for (int i = off; i < off + len; i++) x[i] = Math.min(Math.max(x[i], 0f), 6f);
        }
    }

    private static final int SIX_BITS = Float.floatToRawIntBits(6f);

    /**
     * dPre[i] = dOut[i] * activation'(at output y[i]), for i in [off, off+len).
     *
     * <p>Written without a data-dependent branch: whether y is 0 is a coin flip for ReLU outputs,
     * and a branch there was measured at 5 ns per element (mispredictions). For y ≥ 0 the float
     * order equals the order of the raw bits as ints, so "y &gt; 0" is "bits &gt; 0" and becomes an
     * all-ones mask by {@code (-bits) >> 31}; the gradient is kept or zeroed with an AND.
     */
    public void backward(float[] y, float[] dOut, float[] dPre, int off, int len) {
        switch (this) {
            case NONE:
                System.arraycopy(dOut, off, dPre, off, len);
                return;
            case RELU:
                for (int i = off; i < off + len; i++) {
                    int bits = Float.floatToRawIntBits(y[i]);
                    int keep = -bits >> 31; // -1 when y > 0 (bits in (0, 2^31)), 0 when y is +0 (or -0: bits < 0)
                    dPre[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
                }
                return;
            default:
                for (int i = off; i < off + len; i++) {
                    int bits = Float.floatToRawIntBits(y[i]);
                    int keep = (-bits >> 31) & ((bits - SIX_BITS) >> 31); // 0 < y and y < 6
                    dPre[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
                }
        }
    }
}
