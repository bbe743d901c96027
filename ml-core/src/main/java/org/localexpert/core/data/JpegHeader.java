package org.localexpert.core.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the decoders need from a JPEG's header segments before decoding it: the EXIF orientation
 * (APP1) and the number of colour components (SOF). Four components mean CMYK or YCCK, which
 * javax.imageio decodes silently wrong (black) and phones never produce: those files are refused.
 *
 * <p>Walks the segments after SOI until the frame header, bounds-checked; a damaged header yields
 * orientation 1 and unknown components (0) rather than an exception — the decoder proper then
 * reports whether the file is usable.
 */
public final class JpegHeader {
    /** Segments before the frame header are few; more than this many bytes means a damaged file. */
    static final int HEADER_LIMIT = 2 + 16 * 65_538;

    /** For a file that could not be read at all. */
    public static final JpegHeader UNREADABLE = new JpegHeader(false, ExifOrientation.NORMAL, 0);

    private final boolean jpeg;
    private final int orientation;
    private final int components;

    private JpegHeader(boolean jpeg, int orientation, int components) {
        this.jpeg = jpeg;
        this.orientation = orientation;
        this.components = components;
    }

    /** True when the stream starts with a JPEG SOI marker. */
    public boolean isJpeg() {
        return jpeg;
    }

    /** EXIF orientation 1..8 (1 when absent or unreadable). */
    public int orientation() {
        return orientation;
    }

    /** Colour components in the frame (1 grey, 3 colour, 4 CMYK/YCCK), 0 when not found. */
    public int components() {
        return components;
    }

    /** Reads the header segments from the start of {@code in} (does not close it). */
    public static JpegHeader read(InputStream in) throws IOException {
        int b0 = in.read(), b1 = in.read();
        if (b0 != 0xFF || b1 != 0xD8) return UNREADABLE;
        int orientation = ExifOrientation.NORMAL;
        long consumed = 2;
        while (consumed < HEADER_LIMIT) {
            if (in.read() != 0xFF) break; // not a marker: damaged header
            int marker = in.read();
            while (marker == 0xFF) marker = in.read(); // fill bytes before the marker code
            if (marker < 0 || marker == 0xD9 || marker == 0xDA) break; // end of image, start of scan
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue; // markers without a length
            int hi = in.read(), lo = in.read();
            if (hi < 0 || lo < 0) break;
            int length = (hi << 8 | lo) - 2;
            if (length < 0) break;
            consumed += 4 + length;
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (marker == 0xE1 || frame) {
                byte[] segment = new byte[length];
                if (!readFully(in, segment)) break;
                if (frame) {
                    // precision (1), height (2), width (2), components (1)
                    int components = length >= 6 ? segment[5] & 0xFF : 0;
                    return new JpegHeader(true, orientation, components);
                }
                int found = ExifOrientation.fromApp1(segment);
                if (found != 0) orientation = found;
            } else if (!skipFully(in, length)) {
                break;
            }
        }
        return new JpegHeader(true, orientation, 0);
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int done = 0;
        while (done < buffer.length) {
            int n = in.read(buffer, done, buffer.length - done);
            if (n < 0) return false;
            done += n;
        }
        return true;
    }

    private static boolean skipFully(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) return false;
                skipped = 1;
            }
            n -= skipped;
        }
        return true;
    }
}
