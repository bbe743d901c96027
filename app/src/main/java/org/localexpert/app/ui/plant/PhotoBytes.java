package org.localexpert.app.ui.plant;

import android.graphics.Bitmap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;

/** Reading a picked photo's bytes with a size limit, and choosing what to store. */
final class PhotoBytes {
    /** A phone photo is a few MB; anything far larger is not a photo the user meant to diagnose. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private PhotoBytes() {
    }

    static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) throw new DataException("the file is larger than " + MAX_BYTES / (1024 * 1024) + " MB: not a photo");
        }
        return out.toByteArray();
    }

    static boolean isJpegOrPng(byte[] b) {
        boolean jpeg = b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
        boolean png = b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        return jpeg || png;
    }

    /**
     * What a sample and the history keep: the original bytes when they are JPEG or PNG (no second
     * compression loss, EXIF kept), else (HEIF, WebP from a gallery) the decoded photo as a JPEG.
     */
    static byte[] storable(byte[] original, DecodedImage decoded) {
        if (isJpegOrPng(original)) return original;
        Bitmap b = Bitmap.createBitmap(decoded.argb(), decoded.width(), decoded.height(), Bitmap.Config.ARGB_8888);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            b.compress(Bitmap.CompressFormat.JPEG, 92, out);
            return out.toByteArray();
        } finally {
            b.recycle();
        }
    }
}
