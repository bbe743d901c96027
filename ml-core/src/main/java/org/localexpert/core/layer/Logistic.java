package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * Elementwise sigmoid y = 1 / (1 + e^−x) (TFLite LOGISTIC) — the gate of the mixture. Computed
 * from e^−|x| so that neither branch overflows. For training on a binary target prefer
 * {@code loss.BinaryCrossEntropy} on the logits.
 */
public final class Logistic implements Layer {
    private final String name;
    private Tensor output, gradInput;

    public Logistic(String name) {
        this.name = name;
    }

    @Override public String name() { return name; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        return in[0].clone();
    }

    /** Numerically stable sigmoid. */
    public static float sigmoid(float x) {
        if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, x.shape());
        float[] xd = x.data(), y = output.data();
        for (int i = 0; i < xd.length; i++) y[i] = sigmoid(xd[i]);
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, output.shape());
        float[] y = output.data(), dy = gradOutput.data(), dx = gradInput.data();
        for (int i = 0; i < y.length; i++) dx[i] = dy[i] * y[i] * (1f - y[i]);
        return new Tensor[] {gradInput};
    }

    @Override
    public Logistic copy(String newName) {
        return new Logistic(newName);
    }
}
