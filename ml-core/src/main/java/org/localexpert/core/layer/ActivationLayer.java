package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * A standalone {@link Activation} (ReLU, ReLU6) for places with nothing to fuse it into (after an
 * Add, or a BatchNorm that is not folded). Forward and backward are the same code the fused
 * activations of Conv2D and Dense use, so the two paths cannot drift apart.
 */
abstract class ActivationLayer implements Layer {
    private final String name;
    private final Activation activation;
    private Tensor output, gradInput;

    ActivationLayer(String name, Activation activation) {
        this.name = name;
        this.activation = activation;
    }

    @Override public String name() { return name; }

    /** Which activation this layer applies (the exporter writes it as that TFLite op). */
    public Activation activation() { return activation; }

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
        activation.apply(output.data(), 0, output.size());
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, output.shape());
        activation.backward(output.data(), gradOutput.data(), gradInput.data(), 0, output.size());
        return new Tensor[] {gradInput};
    }
}
