package org.localexpert.core.layer;

import org.localexpert.core.tensor.Tensor;

/**
 * Mean over height and width: {@code [N, H, W, C] → [N, C]}, or {@code [N, 1, 1, C]} with
 * keepDims. Exported as TFLite MEAN over axes [1, 2] (the GPU delegate takes MEAN on 4-D input).
 */
public final class GlobalAveragePool implements Layer {
    private final String name;
    private final boolean keepDims;
    private Tensor output, gradInput;
    private int[] inputShape;

    public GlobalAveragePool(String name, boolean keepDims) {
        this.name = name;
        this.keepDims = keepDims;
    }

    /** Without keepDims: output {@code [N, C]}. */
    public GlobalAveragePool(String name) {
        this(name, false);
    }

    @Override public String name() { return name; }
    public boolean keepDims() { return keepDims; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = Shapes.requireNhwc(name, in[0], -1);
        return keepDims ? new int[] {s[0], 1, 1, s[3]} : new int[] {s[0], s[3]};
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        Tensor x = inputs[0];
        inputShape = x.shape();
        output = Tensor.reuse(output, outShape);
        int n = inputShape[0], hw = inputShape[1] * inputShape[2], c = inputShape[3];
        float[] xd = x.data(), y = output.data();
        float inv = 1f / hw;
        for (int s = 0; s < n; s++) {
            int o = s * c;
            for (int ch = 0; ch < c; ch++) y[o + ch] = 0f;
            for (int p = 0, i = s * hw * c; p < hw; p++, i += c) {
                for (int ch = 0; ch < c; ch++) y[o + ch] += xd[i + ch];
            }
            for (int ch = 0; ch < c; ch++) y[o + ch] *= inv;
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, inputShape);
        int n = inputShape[0], hw = inputShape[1] * inputShape[2], c = inputShape[3];
        float[] dy = gradOutput.data(), dx = gradInput.data();
        float inv = 1f / hw;
        for (int s = 0; s < n; s++) {
            for (int p = 0, i = s * hw * c; p < hw; p++, i += c) {
                for (int ch = 0; ch < c; ch++) dx[i + ch] = dy[s * c + ch] * inv;
            }
        }
        return new Tensor[] {gradInput};
    }

    @Override
    public GlobalAveragePool copy(String newName) {
        return new GlobalAveragePool(newName, keepDims);
    }

    @Override
    public String toString() {
        return "GlobalAveragePool(" + name + (keepDims ? ", keepDims" : "") + ")";
    }
}
