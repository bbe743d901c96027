package org.localexpert.core.data;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * What a photo is, independent of its name and of the size a model reads it at: the SHA-256 of the
 * file's bytes (byte-identical copies) and a {@value #HASH_BITS}-bit difference hash of its pixels
 * (near-identical photos: the same frame re-encoded, resized or slightly shifted).
 *
 * <p>The difference hash: the photo squeezed to a {@value #SIDE1} x {@value #SIDE1} grey thumbnail with
 * the shared area resampler ({@link Resize}); one bit per horizontal neighbour pair (is the left pixel
 * brighter?) and one per vertical pair (is the upper one brighter?) of the first {@value #SIDE} rows and
 * columns. Brightness, contrast and JPEG noise rarely flip a bit; an unrelated photo flips about half.
 * Why 16 x 16 and both directions, not the common 8 x 8 horizontal hash: every Daphal photo is a
 * vertical leaf with a pale midrib, so at 8 x 8 left-to-right gradients of different leaves of
 * different classes agreed to within 1-4 of 64 bits (seen on montages of such pairs).
 *
 * <p>The file is decoded subsampled to about {@value #DECODE_TARGET} px a side
 * ({@link ImageDecoder#subsampling}), fixed here, so the hash does not depend on the size a caller loads
 * the photos at, and a 384-px photo decodes in about 2 ms.
 */
public final class PhotoFingerprint {
    static final int SIDE = 16;
    static final int SIDE1 = SIDE + 1;
    public static final int HASH_BITS = 2 * SIDE * SIDE;
    /** The decoder keeps the shorter side at ≥ 2 x this: several source pixels per thumbnail pixel. */
    static final int DECODE_TARGET = 32;

    private final String contentHash;
    private final long[] differenceHash;

    public PhotoFingerprint(String contentHash, long[] differenceHash) {
        if (contentHash == null || contentHash.isEmpty()) throw new IllegalArgumentException("content hash must not be empty");
        if (differenceHash.length * 64 != HASH_BITS) throw new IllegalArgumentException("difference hash needs " + HASH_BITS + " bits");
        this.contentHash = contentHash;
        this.differenceHash = differenceHash.clone();
    }

    /** Reads {@code file} once for its bytes and decodes it once (subsampled) for its pixels. */
    public static PhotoFingerprint of(File file, ImageDecoder decoder) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.toPath());
        } catch (IOException e) {
            throw new DataException("cannot read " + file.getPath() + ": " + e.getMessage());
        }
        DecodedImage image = decoder.decode(file, DECODE_TARGET);
        return new PhotoFingerprint(Sha256.hex(bytes), differenceHash(image));
    }

    /** The difference hash of decoded pixels (see the class comment). */
    public static long[] differenceHash(DecodedImage image) {
        float[] rgb = Resize.argbToRgb(image.argb(), image.width(), image.height(), SIDE1, SIDE1);
        long[] bits = new long[HASH_BITS / 64];
        int bit = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float here = grey(rgb, y * SIDE1 + x);
                if (here > grey(rgb, y * SIDE1 + x + 1)) bits[bit >> 6] |= 1L << (bit & 63);
                bit++;
                if (here > grey(rgb, (y + 1) * SIDE1 + x)) bits[bit >> 6] |= 1L << (bit & 63);
                bit++;
            }
        }
        return bits;
    }

    private static float grey(float[] rgb, int pixel) {
        // ITU-R BT.601 luma: the eye's brightness, so a colour shift alone moves the hash less.
        return 0.299f * rgb[3 * pixel] + 0.587f * rgb[3 * pixel + 1] + 0.114f * rgb[3 * pixel + 2];
    }

    /** Hex SHA-256 of the file's bytes. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * Number of differing difference-hash bits: 0 for the same frame, about half of
     * {@value #HASH_BITS} for unrelated photos.
     */
    public int distance(PhotoFingerprint other) {
        int d = 0;
        for (int i = 0; i < differenceHash.length; i++) d += Long.bitCount(differenceHash[i] ^ other.differenceHash[i]);
        return d;
    }
}
