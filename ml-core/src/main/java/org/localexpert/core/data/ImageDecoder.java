package org.localexpert.core.data;

import java.io.File;

/**
 * Decodes an image file (PNG, JPEG) into upright ARGB pixels. The host implementation uses
 * javax.imageio ({@code org.localexpert.core.data.host.ImageIoDecoder}); the app implements this
 * with android.graphics.BitmapFactory. Both follow the same rules so the model sees the same
 * input on both sides:
 * <ul>
 * <li>read the stored size first and refuse empty, oversized ({@link #MAX_PIXELS}), truncated or
 * unreadable files with a {@link DataException} that names the file;</li>
 * <li>subsample while decoding by the integer factor {@link #subsampling} (never below twice the
 * size the caller will resize to), so a 10,000 x 10,000 photo never fills the heap;</li>
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
     * The integer subsampling factor for a {@code width x height} image that will be resized to
     * about {@code targetSize}: the largest factor that keeps the shorter side at least
     * {@code 2 * targetSize} (area averaging then still has several source pixels per output pixel).
     * Android's BitmapFactory.Options.inSampleSize rounds to a power of two; the app uses the
     * largest power of two not above this factor.
     */
    static int subsampling(int width, int height, int targetSize) {
        if (targetSize <= 0) return 1;
        int factor = Math.min(width, height) / (2 * targetSize);
        return Math.max(1, factor);
    }
}
