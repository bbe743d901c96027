package org.localexpert.core.data;

/**
 * A single-channel image with values in [0, 1], row-major ({@code values[y * width + x]}). The
 * handwriting recipe works on these: plain arrays so the app (android.graphics.Bitmap pixels) and
 * the host (javax.imageio) feed the same code.
 */
public final class GreyImage {
    private final int width;
    private final int height;
    private final float[] values;

    public GreyImage(int width, int height, float[] values) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        if ((long) width * height != values.length) {
            throw new IllegalArgumentException(width + "x" + height + " image needs " + (long) width * height
                    + " values, got " + values.length);
        }
        this.width = width;
        this.height = height;
        this.values = values;
    }

    public static GreyImage blank(int width, int height) {
        return new GreyImage(width, height, new float[Math.multiplyExact(width, height)]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array (not a copy). */
    public float[] values() {
        return values;
    }

    public float get(int x, int y) {
        return values[y * width + x];
    }
}
