package org.localexpert.core.data;

import java.util.Arrays;

/**
 * One labelled input: features in row-major HWC order with a shape without the batch dimension
 * (e.g. [28,28,1] for a digit, [96,96,3] for a leaf photo), a label index into its
 * {@link Dataset}'s label names, and where it came from.
 *
 * <p>Provenance is optional: {@code writerId}, {@code series} and {@code digitIndex} are the QMNIST
 * columns for MNIST digits (NIST writer id, NIST series 0 = SD-3 / 4 = SD-1, index of the digit
 * among its writer's digits) and {@link #UNKNOWN} otherwise; {@code source} is the file an image
 * was read from, or null.
 *
 * <p>The feature array is shared, not copied (70,000 MNIST digits would otherwise be copied
 * on every subset): treat it as read-only.
 */
public final class Example {
    public static final int UNKNOWN = -1;

    private final float[] features;
    private final int[] shape;
    private final int label;
    private final int writerId;
    private final int series;
    private final int digitIndex;
    private final String source;

    public Example(float[] features, int[] shape, int label) {
        this(features, shape, label, UNKNOWN, UNKNOWN, UNKNOWN, null);
    }

    /** An example read from a file (image folders). */
    public Example(float[] features, int[] shape, int label, String source) {
        this(features, shape, label, UNKNOWN, UNKNOWN, UNKNOWN, source);
    }

    public Example(float[] features, int[] shape, int label, int writerId, int series, int digitIndex, String source) {
        long size = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("example shape must be positive, got " + Arrays.toString(shape));
            size *= d;
        }
        if (size != features.length) {
            throw new IllegalArgumentException("example shape " + Arrays.toString(shape) + " holds " + size
                    + " values but the features have " + features.length);
        }
        if (label < 0) throw new IllegalArgumentException("label index must be >= 0, got " + label);
        this.features = features;
        this.shape = shape.clone();
        this.label = label;
        this.writerId = writerId;
        this.series = series;
        this.digitIndex = digitIndex;
        this.source = source;
    }

    /** The backing array (not a copy); do not modify. */
    public float[] features() {
        return features;
    }

    public int[] shape() {
        return shape.clone();
    }

    boolean hasShape(int[] other) {
        return Arrays.equals(shape, other);
    }

    public int label() {
        return label;
    }

    /** NIST writer id (QMNIST column 2), or {@link #UNKNOWN}. */
    public int writerId() {
        return writerId;
    }

    /** NIST series (QMNIST column 1: 0 = SD-3 Census employees, 4 = SD-1 high-school students), or {@link #UNKNOWN}. */
    public int series() {
        return series;
    }

    /** Index of this digit among its writer's digits (QMNIST column 3), or {@link #UNKNOWN}. */
    public int digitIndex() {
        return digitIndex;
    }

    /** The file this example was read from, or null. */
    public String source() {
        return source;
    }

    /** The same example with another label index (relabelling after a label map or a label-set merge). */
    public Example withLabel(int newLabel) {
        return new Example(features, shape, newLabel, writerId, series, digitIndex, source);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Example{label=").append(label).append(", shape=").append(Arrays.toString(shape));
        if (writerId != UNKNOWN) s.append(", writer=").append(writerId).append(", series=").append(series)
                .append(", digitIndex=").append(digitIndex);
        if (source != null) s.append(", source=").append(source);
        return s.append('}').toString();
    }
}
