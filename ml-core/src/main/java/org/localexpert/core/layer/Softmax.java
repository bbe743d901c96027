package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * Softmax over the last axis (TFLite SOFTMAX, beta 1). The maximum is subtracted first so exp never
 * overflows. For training a classifier, feed logits to {@code loss.SoftmaxCrossEntropy} instead
 * (more stable); this layer is for graphs that must output probabilities (the mixture).
 */
public final class Softmax implements Layer {
    private final String name;
    private Tensor output, gradInput;

    public Softmax(String name) {
        this.name = name;
    }

    @Override public String name() { return name; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        if (in[0].length < 2) throw new IllegalArgumentException(name + ": expects [N, ..., K] but got rank " + in[0].length);
        return in[0].clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, outputShape(x.shape()));
        int k = x.dim(-1), rows = x.size() / Math.max(1, k);
        float[] xd = x.data(), y = output.data();
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, xd[o + j]);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(xd[o + j] - max);
                y[o + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < k; j++) y[o + j] *= inv;
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, output.shape());
        int k = output.dim(-1), rows = output.size() / Math.max(1, k);
        float[] y = output.data(), dy = gradOutput.data(), dx = gradInput.data();
        // dx_j = y_j (dy_j − Σ_i dy_i y_i): the Jacobian of softmax applied to dy.
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            double dot = 0;
            for (int j = 0; j < k; j++) dot += dy[o + j] * y[o + j];
            for (int j = 0; j < k; j++) dx[o + j] = y[o + j] * (dy[o + j] - (float) dot);
        }
        return new Tensor[] {gradInput};
    }

    @Override
    public Softmax copy(String newName) {
        return new Softmax(newName);
    }
}
