package org.localexpert.core.data;

/**
 * {@link ImagePreprocessor} for photos (plant leaves): the whole image resized to S x S RGB with
 * {@link Resize} (area average when shrinking, bilinear when enlarging), values in [0, 1].
 *
 * <p>The whole frame is squeezed to a square rather than centre-cropped: a lesion at the edge of
 * a leaf photo is evidence, and a crop could cut it off; the GE is trained on the same squeeze,
 * so the aspect change is part of what it learns. Any further normalisation (e.g. to [-1, 1]) is
 * the model's first layer, recorded in its metadata.
 */
public final class PhotoPreprocessor implements ImagePreprocessor {
    private final int size;

    public PhotoPreprocessor(int size) {
        if (size <= 0) throw new IllegalArgumentException("photo size must be positive, got " + size);
        this.size = size;
    }

    public int size() {
        return size;
    }

    @Override
    public int[] shape() {
        return new int[] {size, size, 3};
    }

    @Override
    public int decodeTarget() {
        return size;
    }

    @Override
    public float[] apply(DecodedImage image) {
        return toModelInput(image.argb(), image.width(), image.height(), size);
    }

    /** The app's entry point: decoded ARGB pixels in, [size, size, 3] floats in [0, 1] out. */
    public static float[] toModelInput(int[] argb, int width, int height, int size) {
        return Resize.argbToRgb(argb, width, height, size, size);
    }
}
