package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Tensor;

/**
 * Joins inputs along one axis (TFLite CONCATENATION); by default the last (channels of NHWC, or
 * the classes of the mixture's outputs). All other dimensions must agree.
 */
public final class Concatenate implements Layer {
    private final String name;
    private final int axis;
    private Tensor output;
    private Tensor[] gradInputs = new Tensor[0];
    private int[][] inputShapes;

    /** {@code axis} counts from 0 = batch; negative counts from the end (−1 = last). */
    public Concatenate(String name, int axis) {
        if (axis == 0) throw new IllegalArgumentException(name + ": cannot concatenate along the batch axis");
        this.name = name;
        this.axis = axis;
    }

    /** Along the last axis. */
    public Concatenate(String name) {
        this(name, -1);
    }

    @Override public String name() { return name; }

    /** The axis as given (negative = from the end); see {@link #axisFor(int)}. */
    public int axis() { return axis; }

    /** The non-negative axis for inputs of this rank. */
    public int axisFor(int rank) {
        return axis < 0 ? rank + axis : axis;
    }

    @Override public int inputCount() { return -1; }

    @Override
    public int[] outputShape(int[]... in) {
        if (in.length < 1) throw new IllegalArgumentException(name + ": needs at least one input");
        int rank = in[0].length, ax = axisFor(rank);
        if (ax <= 0 || ax >= rank) throw new IllegalArgumentException(name + ": axis " + axis + " is out of range for rank " + rank);
        int[] out = in[0].clone();
        for (int i = 1; i < in.length; i++) {
            boolean ok = in[i].length == rank;
            for (int d = 0; ok && d < rank; d++) ok = d == ax || in[i][d] == in[0][d];
            if (!ok) {
                throw new IllegalArgumentException(name + ": input " + i + " has shape " + Arrays.toString(in[i])
                        + " which does not match " + Arrays.toString(in[0]) + " outside axis " + ax);
            }
            out[ax] += in[i][ax];
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor[] in, boolean training) {
        inputShapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) inputShapes[i] = in[i].shape();
        int[] outShape = outputShape(inputShapes);
        output = Tensor.reuse(output, outShape);
        int ax = axisFor(outShape.length), outer = 1, inner = 1;
        for (int d = 0; d < ax; d++) outer *= outShape[d];
        for (int d = ax + 1; d < outShape.length; d++) inner *= outShape[d];
        int outRow = outShape[ax] * inner;
        float[] y = output.data();
        int offset = 0;
        for (Tensor t : in) {
            int len = t.dim(ax) * inner;
            float[] x = t.data();
            for (int o = 0; o < outer; o++) System.arraycopy(x, o * len, y, o * outRow + offset, len);
            offset += len;
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        gradOutput.requireShape(name + " gradient", output.shape());
        int n = inputShapes.length;
        if (gradInputs.length != n) gradInputs = new Tensor[n];
        int[] outShape = output.shape();
        int ax = axisFor(outShape.length), outer = 1, inner = 1;
        for (int d = 0; d < ax; d++) outer *= outShape[d];
        for (int d = ax + 1; d < outShape.length; d++) inner *= outShape[d];
        int outRow = outShape[ax] * inner;
        float[] dy = gradOutput.data();
        Tensor[] result = new Tensor[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            int len = inputShapes[i][ax] * inner;
            if (Layer.wants(needInputGrad, i)) {
                gradInputs[i] = Tensor.reuse(gradInputs[i], inputShapes[i]);
                float[] dx = gradInputs[i].data();
                for (int o = 0; o < outer; o++) System.arraycopy(dy, o * outRow + offset, dx, o * len, len);
                result[i] = gradInputs[i];
            }
            offset += len;
        }
        return result;
    }

    @Override
    public Concatenate copy(String newName) {
        return new Concatenate(newName, axis);
    }
}
