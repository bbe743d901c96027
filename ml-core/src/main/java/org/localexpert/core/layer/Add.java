package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Tensor;

/**
 * Elementwise sum of two or more same-shape inputs (TFLite ADD, chained for more than two): the
 * residual connection. The gradient of every input is the output gradient itself (returned shared:
 * callers must not modify it).
 */
public final class Add implements Layer {
    private final String name;
    private Tensor output;
    private int inputs;

    public Add(String name) {
        this.name = name;
    }

    @Override public String name() { return name; }

    @Override public int inputCount() { return -1; }

    @Override
    public int[] outputShape(int[]... in) {
        if (in.length < 2) throw new IllegalArgumentException(name + ": needs at least 2 inputs but got " + in.length);
        for (int i = 1; i < in.length; i++) {
            if (!Arrays.equals(in[0], in[i])) {
                throw new IllegalArgumentException(name + ": input " + i + " has shape " + Arrays.toString(in[i])
                        + " but input 0 has " + Arrays.toString(in[0]) + " (Add needs equal shapes)");
            }
        }
        return in[0].clone();
    }

    @Override
    public Tensor forward(Tensor[] in, boolean training) {
        int[][] shapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) shapes[i] = in[i].shape();
        output = Tensor.reuse(output, outputShape(shapes));
        inputs = in.length;
        float[] y = output.data();
        System.arraycopy(in[0].data(), 0, y, 0, y.length);
        for (int i = 1; i < in.length; i++) {
            float[] x = in[i].data();
            for (int j = 0; j < y.length; j++) y[j] += x[j];
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        gradOutput.requireShape(name + " gradient", output.shape());
        Tensor[] g = new Tensor[inputs];
        for (int i = 0; i < inputs; i++) g[i] = Layer.wants(needInputGrad, i) ? gradOutput : null;
        return g;
    }

    @Override
    public Add copy(String newName) {
        return new Add(newName);
    }
}
