package org.localexpert.core.data;

import java.io.File;

/**
 * Decodes an image file (PNG, JPEG) into upright ARGB pixels. The host implementation uses
 * javax.imageio ({@code org.localexpert.host.ImageIoDecoder}); the app implements this
 * with android.graphics.BitmapFactory. Both follow the same rules so the model sees the same
 * input on both sides:
 * <ul>
 * <li>read the stored size first and refuse empty, oversized ({@link #MAX_PIXELS}), truncated or
 * unreadable files with a {@link DataException} that names the file;</li>
 * <li>subsample while decoding by the power-of-two factor f = {@link #subsampling} (never below twice
 * the size the caller will resize to), so a 10,000 x 10,000 photo never fills the heap: the result
 * has floor(size / f) pixels a side, pixel k taken from source pixel k*f + f/2 (Android's sampled
 * PNG decoder does exactly this; its JPEG decoder averages in the DCT domain instead, so JPEGs
 * decoded with f > 1 agree only approximately);</li>
 * <li>honour the JPEG EXIF orientation ({@link ExifOrientation});</li>
 * <li>leave all further resizing to {@link Resize}, which both sides share.</li>
 * </ul>
 */
public interface ImageDecoder {
    /** Larger images are refused: decoding even a subsampled 256-megapixel file takes too long. */
    long MAX_PIXELS = 256L * 1024 * 1024;

    /**
     * Decodes {@code file}; {@code targetSize} is the side the caller will resize to (0 = full
     * resolution, no subsampling).
     */
    DecodedImage decode(File file, int targetSize);

    /**
     * The subsampling factor for a {@code width x height} image that will be resized to about
     * {@code targetSize}: the largest power of two that keeps the shorter side at least
     * {@code 2 * targetSize} (area averaging then still has several source pixels per output
     * pixel). A power of two because Android's BitmapFactory.Options.inSampleSize only honours
     * powers of two: host and app then decode the same file to the same size.
     */
    static int subsampling(int width, int height, int targetSize) {
        if (targetSize <= 0) return 1;
        int limit = Math.min(width, height) / (2 * targetSize);
        int factor = 1;
        while (factor * 2 <= limit) factor *= 2;
        return factor;
    }
}
