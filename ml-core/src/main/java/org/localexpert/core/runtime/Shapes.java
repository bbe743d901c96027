package org.localexpert.core.runtime;

import java.util.Arrays;

/** Shape helpers shared by the engines. */
public final class Shapes {
    private Shapes() {}

    /** Values in a tensor of {@code shape}; refuses negative dimensions and sizes past int. */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    static void checkInputs(float[][] inputs, int count, java.util.function.IntFunction<int[]> shapeOf) {
        if (inputs.length != count) {
            throw new IllegalArgumentException("the model has " + count + " input(s) but got " + inputs.length);
        }
        for (int i = 0; i < count; i++) {
            int[] shape = shapeOf.apply(i);
            int size = size(shape);
            if (inputs[i] == null || inputs[i].length != size) {
                throw new IllegalArgumentException("input " + i + " of shape " + Arrays.toString(shape) + " needs " + size
                        + " values but got " + (inputs[i] == null ? "null" : inputs[i].length));
            }
        }
    }
}
