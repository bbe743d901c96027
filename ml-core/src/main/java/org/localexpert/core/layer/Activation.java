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

    /** dPre[i] = dOut[i] * activation'(at output y[i]), for i in [off, off+len). */
    public void backward(float[] y, float[] dOut, float[] dPre, int off, int len) {
        switch (this) {
            case NONE:
                System.arraycopy(dOut, off, dPre, off, len);
                return;
            case RELU:
                for (int i = off; i < off + len; i++) dPre[i] = y[i] > 0f ? dOut[i] : 0f;
                return;
            default:
                for (int i = off; i < off + len; i++) dPre[i] = y[i] > 0f && y[i] < 6f ? dOut[i] : 0f;
        }
    }
}
