package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * Elementwise y = max(x, 0) (TFLite RELU). Prefer the fused activation of the preceding Conv2D or
 * Dense where there is one; this layer is for places with nothing to fuse into (after an Add or a
 * BatchNorm that is not folded).
 */
public final class ReLU implements Layer {
    private final String name;
    private Tensor output, gradInput;

    public ReLU(String name) {
        this.name = name;
    }

    @Override public String name() { return name; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        return in[0].clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, x.shape());
        System.arraycopy(x.data(), 0, output.data(), 0, x.size());
        Activation.RELU.apply(output.data(), 0, output.size());
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, output.shape());
        Activation.RELU.backward(output.data(), gradOutput.data(), gradInput.data(), 0, output.size());
        return new Tensor[] {gradInput};
    }

    @Override
    public ReLU copy(String newName) {
        return new ReLU(newName);
    }
}
