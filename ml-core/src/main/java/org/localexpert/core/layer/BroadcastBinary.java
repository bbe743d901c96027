package org.localexpert.core.layer;

import java.util.Arrays;
import org.localexpert.core.tensor.Tensor;

/**
 * Shared shape of two-input elementwise ops with NumPy/TFLite broadcasting: shapes are aligned at
 * the right, and a dimension of size 1 (or a missing one) stretches to the other's size — e.g. the
 * gate {@code [N, 1]} times the probabilities {@code [N, K]}. Backward sums the gradient over the
 * stretched dimensions, sequentially in output order (deterministic).
 */
public abstract class BroadcastBinary implements Layer {
    protected final String name;
    private Tensor a, b, output, gradA, gradB;
    private int[] indexA, indexB; // output element → element of a / b (null when shapes are equal)
    private int[] shapeA, shapeB;

    protected BroadcastBinary(String name) {
        this.name = name;
    }

    @Override public String name() { return name; }

    @Override public int inputCount() { return 2; }

    /** The op's value. */
    protected abstract float apply(float a, float b);

    /** ∂apply/∂a at (a, b). */
    protected abstract float derivativeA(float a, float b);

    /** ∂apply/∂b at (a, b). */
    protected abstract float derivativeB(float a, float b);

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 2);
        int[] x = in[0], y = in[1];
        int rank = Math.max(x.length, y.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int dx = i - (rank - x.length) >= 0 ? x[i - (rank - x.length)] : 1;
            int dy = i - (rank - y.length) >= 0 ? y[i - (rank - y.length)] : 1;
            if (dx != dy && dx != 1 && dy != 1) {
                throw new IllegalArgumentException(name + ": shapes " + Arrays.toString(x) + " and " + Arrays.toString(y)
                        + " do not broadcast (each dimension must match or be 1)");
            }
            out[i] = Math.max(dx, dy);
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int[] outShape = outputShape(inputs[0].shape(), inputs[1].shape());
        a = inputs[0];
        b = inputs[1];
        output = Tensor.reuse(output, outShape);
        if (!Arrays.equals(a.shape(), shapeA) || !Arrays.equals(b.shape(), shapeB)) {
            shapeA = a.shape();
            shapeB = b.shape();
            indexA = Arrays.equals(shapeA, outShape) ? null : indexMap(outShape, shapeA);
            indexB = Arrays.equals(shapeB, outShape) ? null : indexMap(outShape, shapeB);
        }
        float[] ad = a.data(), bd = b.data(), y = output.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = apply(ad[indexA == null ? i : indexA[i]], bd[indexB == null ? i : indexB[i]]);
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        gradOutput.requireShape(name + " gradient", output.shape());
        boolean needA = Layer.wants(needInputGrad, 0), needB = Layer.wants(needInputGrad, 1);
        float[] ad = a.data(), bd = b.data(), dy = gradOutput.data();
        float[] da = null, db = null;
        if (needA) {
            gradA = Tensor.reuse(gradA, shapeA);
            gradA.fill(0f);
            da = gradA.data();
        }
        if (needB) {
            gradB = Tensor.reuse(gradB, shapeB);
            gradB.fill(0f);
            db = gradB.data();
        }
        for (int i = 0; i < dy.length; i++) {
            int ia = indexA == null ? i : indexA[i], ib = indexB == null ? i : indexB[i];
            if (da != null) da[ia] += dy[i] * derivativeA(ad[ia], bd[ib]);
            if (db != null) db[ib] += dy[i] * derivativeB(ad[ia], bd[ib]);
        }
        return new Tensor[] {needA ? gradA : null, needB ? gradB : null};
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} it reads. */
    private static int[] indexMap(int[] out, int[] in) {
        int rank = out.length, size = 1;
        for (int d : out) size *= d;
        int[] inStride = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int j = i - (rank - in.length);
            int dim = j >= 0 ? in[j] : 1;
            inStride[i] = dim == 1 ? 0 : stride; // a stretched dimension does not advance
            stride *= dim;
        }
        int[] map = new int[size];
        int[] idx = new int[rank];
        int pos = 0;
        for (int k = 0; k < size; k++) {
            map[k] = pos;
            for (int i = rank - 1; i >= 0; i--) {
                idx[i]++;
                pos += inStride[i];
                if (idx[i] < out[i]) break;
                pos -= inStride[i] * out[i];
                idx[i] = 0;
            }
        }
        return map;
    }
}
