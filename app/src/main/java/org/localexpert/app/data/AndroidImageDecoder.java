package org.localexpert.app.data;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;

import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.ExifOrientation;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.JpegHeader;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * ml-core's {@link ImageDecoder} on the phone, with android.graphics: reads the stored size first
 * ({@code inJustDecodeBounds}) and refuses empty, oversized or unreadable files; decodes subsampled by the same
 * power of two as the host ({@code inSampleSize}), so a 10,000 x 10,000 photo never fills the heap; turns JPEGs
 * upright by their EXIF orientation ({@link ExifOrientation}, the same code the host uses).
 */
public final class AndroidImageDecoder implements ImageDecoder {

    /** Decodes image bytes held in memory (the shipped plant replay sample's JPEGs); {@code name} names it in errors. */
    public static DecodedImage decodeBytes(byte[] bytes, String name) {
        BitmapFactory.Options options = new BitmapFactory.Options();
        options.inPreferredConfig = Bitmap.Config.ARGB_8888;
        options.inPremultiplied = false;
        Bitmap bitmap = BitmapFactory.decodeByteArray(bytes, 0, bytes.length, options);
        if (bitmap == null) throw new DataException("cannot decode image " + name);
        try {
            int w = bitmap.getWidth(), h = bitmap.getHeight();
            int[] argb = new int[w * h];
            bitmap.getPixels(argb, 0, w, 0, 0, w, h);
            return new DecodedImage(argb, w, h);
        } finally {
            bitmap.recycle();
        }
    }

    @Override
    public DecodedImage decode(File file, int targetSize) {
        if (!file.isFile()) throw new DataException("image not found: " + file.getPath());
        if (file.length() == 0) throw new DataException("empty image file (0 bytes): " + file.getPath());
        JpegHeader header;
        try (InputStream in = new BufferedInputStream(new FileInputStream(file))) {
            header = JpegHeader.read(in);
        } catch (IOException e) {
            throw new DataException("cannot read image " + file.getPath() + ": " + e.getMessage(), e);
        }
        if (header.components() == 4) {
            throw new DataException("CMYK/YCCK JPEG is not supported (printing format, not a camera's) — save it as an RGB JPEG or PNG: " + file.getPath());
        }
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
        options.inPremultiplied = false;
        Bitmap bitmap = BitmapFactory.decodeFile(file.getPath(), options);
        if (bitmap == null) throw new DataException("cannot decode image (damaged or truncated): " + file.getPath());
        try {
            int w = bitmap.getWidth(), h = bitmap.getHeight();
            int[] argb = new int[w * h];
            bitmap.getPixels(argb, 0, w, 0, 0, w, h);
            return ExifOrientation.apply(new DecodedImage(argb, w, h, width, height), header.orientation());
        } finally {
            bitmap.recycle();
        }
    }
}
