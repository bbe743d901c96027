package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Tensor;

/**
 * A contiguous range {@code [begin, begin + size)} of the last axis (channels or features), e.g.
 * one branch of a ShuffleNet-v2 unit or one expert's share of a concatenated output. Exported as
 * TFLite STRIDED_SLICE (stride 1; full range on the other axes).
 */
public final class Slice implements Layer {
    private final String name;
    private final int begin, size;
    private Tensor output, gradInput;
    private int[] inputShape;

    public Slice(String name, int begin, int size) {
        if (begin < 0 || size < 1) throw new IllegalArgumentException(name + ": need begin ≥ 0 and size ≥ 1");
        this.name = name;
        this.begin = begin;
        this.size = size;
    }

    @Override public String name() { return name; }
    public int begin() { return begin; }
    public int size() { return size; }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = in[0];
        if (s.length < 2 || begin + size > s[s.length - 1]) {
            throw new IllegalArgumentException(name + ": cannot take [" + begin + ", " + (begin + size)
                    + ") of the last axis of shape " + Arrays.toString(s));
        }
        int[] out = s.clone();
        out[out.length - 1] = size;
        return out;
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        inputShape = x.shape();
        output = Tensor.reuse(output, outputShape(inputShape));
        int c = x.dim(-1), rows = x.size() / c;
        float[] xd = x.data(), y = output.data();
        for (int r = 0; r < rows; r++) System.arraycopy(xd, r * c + begin, y, r * size, size);
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        gradInput = Tensor.reuse(gradInput, inputShape);
        gradInput.fill(0f);
        int c = inputShape[inputShape.length - 1], rows = gradInput.size() / c;
        float[] dy = gradOutput.data(), dx = gradInput.data();
        for (int r = 0; r < rows; r++) System.arraycopy(dy, r * size, dx, r * c + begin, size);
        return new Tensor[] {gradInput};
    }

    @Override
    public Slice copy(String newName) {
        return new Slice(newName, begin, size);
    }
}
