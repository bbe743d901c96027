package org.localexpert.core.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order. Images are NHWC (batch, height, width, channels),
 * the layout TensorFlow Lite uses, so weights and activations move between the Java engine and
 * .tflite files without transposition.
 *
 * <p>{@link #data()} is the backing array itself: layers index it directly in their hot loops.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(float[] data, int[] shape) {
        this.shape = shape;
        this.data = data;
    }

    /** A zero-filled tensor of the given shape. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[checkedSize(shape)], shape.clone());
    }

    /** Wraps {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int size = checkedSize(shape);
        if (data.length != size) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values but the data has " + data.length);
        }
        return new Tensor(data, shape.clone());
    }

    /**
     * {@code buffer} itself when it already has exactly {@code shape}, else a new zero tensor of that
     * shape. Layers keep their outputs and gradients in such buffers so that repeated calls with the
     * same batch size allocate nothing (the hot training loop stays allocation-free). The contents of
     * a reused buffer are whatever the last call left there: callers overwrite or clear it.
     */
    public static Tensor reuse(Tensor buffer, int... shape) {
        if (buffer != null && Arrays.equals(buffer.shape, shape)) return buffer;
        return zeros(shape);
    }

    private static int checkedSize(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large for one array");
            }
        }
        return (int) size;
    }

    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int size() {
        return data.length;
    }

    /** A tensor over the same data with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        return of(data, newShape);
    }

    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Throws with a clear message unless this tensor has exactly {@code expected} shape. */
    public Tensor requireShape(String what, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + ": expected shape " + Arrays.toString(expected)
                    + " but got " + Arrays.toString(shape));
        }
        return this;
    }

    /** Throws with a clear message unless this tensor has rank {@code expected}. */
    public Tensor requireRank(String what, int expected) {
        if (shape.length != expected) {
            throw new IllegalArgumentException(what + ": expected a rank-" + expected + " tensor but got shape "
                    + Arrays.toString(shape));
        }
        return this;
    }

    public void fill(float value) {
        Arrays.fill(data, value);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
