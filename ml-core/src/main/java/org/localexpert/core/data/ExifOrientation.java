package org.localexpert.core.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment): phones store
 * the sensor's pixels and record how to turn them upright. Parsed here, bounds-checked, so the
 * host and the app (which reads the same bytes from a content stream) agree; and applied to ARGB
 * pixels by {@link #apply}.
 *
 * <p>Values: 1 upright, 2 mirrored, 3 rotated 180, 4 flipped, 5 transposed, 6 needs a 90 degree
 * clockwise turn, 7 transversed, 8 needs a 90 degree counter-clockwise turn. Anything unreadable
 * or out of range means 1: a damaged EXIF block must not make a photo unusable.
 */
public final class ExifOrientation {
    public static final int NORMAL = 1;
    private ExifOrientation() {
    }

    /** Orientation from the start of a JPEG stream (reads only the header segments; does not close). */
    public static int read(InputStream in) throws IOException {
        return JpegHeader.read(in).orientation();
    }

    /** Orientation from an APP1 segment's payload (after the length), or 0 if it is not EXIF. */
    static int fromApp1(byte[] s) {
        if (s.length < 14 || s[0] != 'E' || s[1] != 'x' || s[2] != 'i' || s[3] != 'f' || s[4] != 0 || s[5] != 0) return 0;
        int tiff = 6;
        boolean little;
        if (s[tiff] == 'I' && s[tiff + 1] == 'I') little = true;
        else if (s[tiff] == 'M' && s[tiff + 1] == 'M') little = false;
        else return 0;
        if (u16(s, tiff + 2, little) != 42) return 0;
        long ifd = u32(s, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > s.length) return 0;
        int at = (int) (tiff + ifd);
        int entries = u16(s, at, little);
        at += 2;
        for (int i = 0; i < entries; i++, at += 12) {
            if (at + 12 > s.length) return 0;
            if (u16(s, at, little) == 0x0112) {
                int type = u16(s, at + 2, little);
                if (type != 3) return NORMAL; // must be SHORT
                int value = u16(s, at + 8, little);
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    private static int u16(byte[] s, int at, boolean little) {
        int a = s[at] & 0xFF, b = s[at + 1] & 0xFF;
        return little ? b << 8 | a : a << 8 | b;
    }

    private static long u32(byte[] s, int at, boolean little) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = s[at + (little ? 3 - i : i)] & 0xFF;
            v = v << 8 | b;
        }
        return v;
    }

    /** True for orientations that swap width and height (5 to 8). */
    public static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The pixels turned upright for {@code orientation} (a new image; 1 returns the input). */
    public static DecodedImage apply(DecodedImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) return image;
        int w = image.width(), h = image.height();
        boolean swap = swapsSides(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] src = image.argb();
        int[] out = new int[src.length];
        for (int sy = 0; sy < h; sy++) {
            for (int sx = 0; sx < w; sx++) {
                int dx, dy;
                switch (orientation) {
                    case 2: dx = w - 1 - sx; dy = sy; break;
                    case 3: dx = w - 1 - sx; dy = h - 1 - sy; break;
                    case 4: dx = sx; dy = h - 1 - sy; break;
                    case 5: dx = sy; dy = sx; break;
                    case 6: dx = h - 1 - sy; dy = sx; break;
                    case 7: dx = h - 1 - sy; dy = w - 1 - sx; break;
                    default: dx = sy; dy = w - 1 - sx; break; // 8
                }
                out[dy * ow + dx] = src[sy * w + sx];
            }
        }
        int sw = swap ? image.sourceHeight() : image.sourceWidth();
        int sh = swap ? image.sourceWidth() : image.sourceHeight();
        return new DecodedImage(out, ow, oh, sw, sh);
    }
}
