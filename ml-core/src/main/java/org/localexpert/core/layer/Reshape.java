package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Tensor;

/**
 * Changes the per-sample shape without moving data (TFLite RESHAPE; the exporter writes the target
 * as an int32 shape tensor with -1 for the batch). The target excludes the batch dimension and may
 * hold one -1, inferred from the size. The output shares the input's array.
 */
public class Reshape implements Layer {
    private final String name;
    private final int[] target;
    private Tensor output, gradInput;

    /** {@code targetShape} without the batch dimension, e.g. {@code (7, 7, 16)} or {@code (-1)}. */
    public Reshape(String name, int... targetShape) {
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) unknown++;
            else if (d < 1) throw new IllegalArgumentException(name + ": bad target dimension " + d);
        }
        if (unknown > 1) throw new IllegalArgumentException(name + ": at most one -1 in " + Arrays.toString(targetShape));
        this.name = name;
        this.target = targetShape.clone();
    }

    @Override public String name() { return name; }

    /** The per-sample target shape as given (may contain -1). */
    public int[] targetShape() {
        return target.clone();
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        int[] s = in[0];
        if (s.length < 1) throw new IllegalArgumentException(name + ": input has no batch dimension");
        long perSample = Shapes.size(Arrays.copyOfRange(s, 1, s.length));
        int[] out = new int[target.length + 1];
        out[0] = s[0];
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < target.length; i++) {
            out[i + 1] = target[i];
            if (target[i] == -1) unknownAt = i + 1; else known *= target[i];
        }
        if (unknownAt >= 0) {
            if (perSample % known != 0) throw mismatch(s);
            out[unknownAt] = (int) (perSample / known);
        } else if (known != perSample) {
            throw mismatch(s);
        }
        return out;
    }

    private IllegalArgumentException mismatch(int[] s) {
        return new IllegalArgumentException(name + ": cannot reshape " + Arrays.toString(s) + " to [N, "
                + Arrays.toString(target).replace("[", "").replace("]", "") + "]: sizes differ");
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape());
        Tensor x = inputs[0];
        if (output == null || output.data() != x.data() || !Arrays.equals(output.shape(), outShape)) {
            output = x.reshape(outShape);
        }
        gradInputShape = x.shape();
        return output;
    }

    private int[] gradInputShape;

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        gradOutput.requireShape(name + " gradient", output.shape());
        if (gradInput == null || gradInput.data() != gradOutput.data() || !Arrays.equals(gradInput.shape(), gradInputShape)) {
            gradInput = gradOutput.reshape(gradInputShape);
        }
        return new Tensor[] {gradInput};
    }

    @Override
    public Layer copy(String newName) {
        return new Reshape(newName, target);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ", " + Arrays.toString(target) + ")";
    }
}
