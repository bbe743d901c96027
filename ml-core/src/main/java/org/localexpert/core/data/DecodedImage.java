package org.localexpert.core.data;

/**
 * Decoded pixels as ARGB ints (0xAARRGGBB, unpremultiplied — what android.graphics.Bitmap.getPixels
 * and java.awt.image.BufferedImage.getRGB give), row-major, already turned upright by the EXIF
 * orientation. {@code sourceWidth/Height} are the file's stored size before subsampling.
 */
public final class DecodedImage {
    private final int[] argb;
    private final int width;
    private final int height;
    private final int sourceWidth;
    private final int sourceHeight;

    public DecodedImage(int[] argb, int width, int height, int sourceWidth, int sourceHeight) {
        if (width <= 0 || height <= 0 || (long) width * height != argb.length) {
            throw new IllegalArgumentException("decoded image " + width + "x" + height + " with " + argb.length + " pixels");
        }
        this.argb = argb;
        this.width = width;
        this.height = height;
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
    }

    public DecodedImage(int[] argb, int width, int height) {
        this(argb, width, height, width, height);
    }

    /** The backing array (not a copy). */
    public int[] argb() {
        return argb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int sourceWidth() {
        return sourceWidth;
    }

    public int sourceHeight() {
        return sourceHeight;
    }

    public int pixel(int x, int y) {
        return argb[y * width + x];
    }
}
