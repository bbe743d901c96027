package org.localexpert.core.layer;

import java.util.Arrays;

/** Shape checks with messages that name the layer and say what was expected. */
final class Shapes {
    private Shapes() {}

    static void requireInputs(String layer, int[][] shapes, int count) {
        if (shapes.length != count) {
            throw new IllegalArgumentException(layer + ": expects " + count + " input(s) but got " + shapes.length);
        }
    }

    static int[] requireRank(String layer, int[] shape, int rank, String layout) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(layer + ": expects a rank-" + rank + " input " + layout
                    + " but got shape " + Arrays.toString(shape));
        }
        return shape;
    }

    /** An NHWC image batch with {@code channels} channels (any count when channels &lt; 0). */
    static int[] requireNhwc(String layer, int[] shape, int channels) {
        requireRank(layer, shape, 4, "[N, H, W, C]");
        if (channels >= 0 && shape[3] != channels) {
            throw new IllegalArgumentException(layer + ": expects " + channels + " input channels but got shape "
                    + Arrays.toString(shape));
        }
        return shape;
    }

    static void requireSame(String layer, int[] expected, int[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalArgumentException(layer + ": " + what + " has shape " + Arrays.toString(actual)
                    + " but expected " + Arrays.toString(expected));
        }
    }

    static long size(int[] shape) {
        long s = 1;
        for (int d : shape) s *= d;
        return s;
    }
}
