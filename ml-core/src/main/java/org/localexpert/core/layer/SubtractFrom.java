package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * y = constant − x, e.g. {@code 1 − gate} for the global expert's share in the mixture. Exported as
 * TFLite SUB with a constant first operand of shape [1].
 */
public final class SubtractFrom implements Layer {
    private final String name;
    private final float constant;
    private Tensor output, gradInput;

    public SubtractFrom(String name, float constant) {
        this.name = name;
        this.constant = constant;
    }

    @Override public String name() { return name; }
    public float constant() { return constant; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        return in[0].clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, x.shape());
        float[] xd = x.data(), y = output.data();
        for (int i = 0; i < y.length; i++) y[i] = constant - xd[i];
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, output.shape());
        float[] dy = gradOutput.data(), dx = gradInput.data();
        for (int i = 0; i < dx.length; i++) dx[i] = -dy[i];
        return new Tensor[] {gradInput};
    }

    @Override
    public SubtractFrom copy(String newName) {
        return new SubtractFrom(newName, constant);
    }
}
