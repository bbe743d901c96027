package org.localexpert.core.data;

/** {@link ImagePreprocessor} for photos or scans of handwriting: {@link HandwritingPreprocessor} on the pixels. */
public final class HandwritingImages implements ImagePreprocessor {
    /**
     * Decode so the shorter side keeps at least 512 px: a character may fill only part of a photo,
     * and its crop must still be larger than the 20 px box.
     */
    static final int DECODE_TARGET = 256;

    @Override
    public int[] shape() {
        return HandwritingPreprocessor.SHAPE.clone();
    }

    @Override
    public int decodeTarget() {
        return DECODE_TARGET;
    }

    @Override
    public float[] apply(DecodedImage image) {
        return HandwritingPreprocessor.fromArgb(image.argb(), image.width(), image.height());
    }
}
