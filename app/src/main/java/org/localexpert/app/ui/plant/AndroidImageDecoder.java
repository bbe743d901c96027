package org.localexpert.app.ui.plant;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.media.ExifInterface;

import java.io.File;
import java.io.IOException;

import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.ExifOrientation;
import org.localexpert.core.data.ImageDecoder;

/**
 * ml-core's {@link ImageDecoder} on android.graphics: what the host does with javax.imageio
 * ({@code ImageIoDecoder}), done with BitmapFactory, so the model sees the same input in the app as in
 * the benchmarks (a test decodes the same files both ways and compares the model inputs).
 *
 * <ul>
 * <li>The stored size is read first ({@code inJustDecodeBounds}); empty, unreadable and oversized files are
 * refused with a {@link DataException} naming the file.</li>
 * <li>Huge photos are subsampled while decoding: {@code inSampleSize} = {@link ImageDecoder#subsampling},
 * the same power of two the host uses, so a 50-megapixel photo never fills the heap.</li>
 * <li>The EXIF orientation is read with the platform's {@link ExifInterface} (JPEG, and also PNG, WebP and
 * HEIF, which phones' galleries hold) and applied with ml-core's {@link ExifOrientation#apply}, the same
 * rotation code the host uses.</li>
 * </ul>
 */
public final class AndroidImageDecoder implements ImageDecoder {

    @Override
    public DecodedImage decode(File file, int targetSize) {
        if (!file.isFile()) throw new DataException("image not found: " + file.getPath());
        if (file.length() == 0) throw new DataException("empty image file (0 bytes): " + file.getPath());
        BitmapFactory.Options bounds = new BitmapFactory.Options();
        bounds.inJustDecodeBounds = true;
        BitmapFactory.decodeFile(file.getPath(), bounds);
        int width = bounds.outWidth, height = bounds.outHeight;
        if (width <= 0 || height <= 0) throw new DataException("not a readable image (unknown format or damaged): " + file.getPath());
        if ((long) width * height > MAX_PIXELS) {
            throw new DataException("image too large (" + width + "x" + height + " pixels, limit " + MAX_PIXELS / (1024 * 1024)
                    + " megapixels): " + file.getPath());
        }
        BitmapFactory.Options options = new BitmapFactory.Options();
        options.inSampleSize = ImageDecoder.subsampling(width, height, targetSize);
        options.inPreferredConfig = Bitmap.Config.ARGB_8888;
        Bitmap bitmap;
        try {
            bitmap = BitmapFactory.decodeFile(file.getPath(), options);
        } catch (OutOfMemoryError e) {
            throw new DataException("not enough memory to decode " + width + "x" + height + " image: " + file.getPath());
        }
        if (bitmap == null) throw new DataException("cannot decode image (damaged or unsupported): " + file.getPath());
        try {
            int w = bitmap.getWidth(), h = bitmap.getHeight();
            int[] argb = new int[w * h];
            // getPixels gives unpremultiplied ARGB, as BufferedImage.getRGB does on the host.
            bitmap.getPixels(argb, 0, w, 0, 0, w, h);
            return ExifOrientation.apply(new DecodedImage(argb, w, h, width, height), orientation(file));
        } finally {
            bitmap.recycle();
        }
    }

    /** The EXIF orientation (1..8); 1 when the file has none or it cannot be read: a bad EXIF block must not lose the photo. */
    static int orientation(File file) {
        try {
            int o = new ExifInterface(file.getPath()).getAttributeInt(ExifInterface.TAG_ORIENTATION, ExifInterface.ORIENTATION_NORMAL);
            return o >= 1 && o <= 8 ? o : ExifOrientation.NORMAL;
        } catch (IOException | RuntimeException e) {
            return ExifOrientation.NORMAL;
        }
    }
}
