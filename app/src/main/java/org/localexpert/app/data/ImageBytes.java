package org.localexpert.app.data;

/** Checks encoded image bytes before they are stored: PNG or JPEG, not empty, not absurdly large. */
public final class ImageBytes {
    /** Larger files are refused: a phone photo is a few MB. */
    public static final int MAX_BYTES = 32 << 20;

    private ImageBytes() {}

    /** "png" or "jpg" from the magic bytes; IllegalArgumentException (user-readable) otherwise. */
    public static String extension(byte[] image) {
        if (image == null || image.length == 0) throw new IllegalArgumentException("The image is empty.");
        if (image.length > MAX_BYTES) {
            throw new IllegalArgumentException("The image is too large (" + (image.length >> 20) + " MB; at most " + (MAX_BYTES >> 20) + " MB).");
        }
        if (image.length >= 8 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') return "png";
        if (image.length >= 3 && (image[0] & 0xff) == 0xFF && (image[1] & 0xff) == 0xD8 && (image[2] & 0xff) == 0xFF) return "jpg";
        throw new IllegalArgumentException("Only PNG and JPEG images can be stored.");
    }
}
