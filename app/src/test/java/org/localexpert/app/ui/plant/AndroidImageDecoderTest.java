package org.localexpert.app.ui.plant;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.host.ImageIoDecoder;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

/**
 * Issue #6: the app's decoder ({@link AndroidImageDecoder}: android.graphics, here Robolectric's native Skia;
 * the one the diagnose screen and the training job both use) and the host's
 * (javax.imageio) turn the same file into the same model input through ml-core's {@link PhotoPreprocessor}.
 *
 * <p>Tolerances, on inputs in [0, 1] after the 128 x 128 resize: PNG is lossless and both sides subsample
 * on the same grid, so they must agree to {@value #PNG_MAX} (exactly, up to float rounding); JPEG decoders
 * may differ in IDCT and chroma upsampling by a few levels per pixel, which the area-average resize
 * shrinks: mean |difference| at most {@value #JPEG_MEAN}, max at most {@value #JPEG_MAX} (2.5 levels of 255
 * on average, 20 at worst) — and a JPEG subsampled while decoding (Android averages in the DCT domain, the
 * host picks pixels) at most {@value #JPEG_SUBSAMPLED_MEAN} mean.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class AndroidImageDecoderTest {
    static final float PNG_MAX = 1e-6f;
    static final float JPEG_MEAN = 0.01f, JPEG_MAX = 0.08f, JPEG_SUBSAMPLED_MEAN = 0.02f;
    private static final int SIZE = 128;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final ImageDecoder app = new AndroidImageDecoder();
    private final ImageDecoder host = new ImageIoDecoder();

    @Test
    public void pngAgreesExactly() throws IOException {
        File png = write(synthetic(640, 480), "png", "leaf.png");
        Difference d = compare(png);
        assertTrue(d.toString(), d.max <= PNG_MAX);
    }

    @Test
    public void hugePngIsSubsampledOnTheSameGrid() throws IOException {
        File png = write(synthetic(4000, 3000), "png", "huge.png");
        DecodedImage a = app.decode(png, SIZE);
        assertEquals("subsampled by 8 while decoding", 500, a.width());
        assertEquals(375, a.height());
        assertEquals(4000, a.sourceWidth());
        Difference d = compare(png);
        assertTrue(d.toString(), d.max <= PNG_MAX);
    }

    @Test
    public void realJpegAgreesWithinTolerance() {
        File jpeg = PlantTestData.daphalTestPhoto("Rust");
        Difference d = compare(jpeg);
        System.out.println("decoder agreement, " + jpeg.getName() + ": " + d);
        assertTrue(d.toString(), d.mean <= JPEG_MEAN && d.max <= JPEG_MAX);
    }

    @Test
    public void exifRotatedJpegIsTurnedUprightOnBothSides() throws IOException {
        File original = PlantTestData.daphalTestPhoto("Rust");
        for (int orientation : new int[] {3, 6, 8}) {
            File rotated = tmp.newFile("rotated-" + orientation + ".jpg");
            Files.write(rotated.toPath(), withExifOrientation(PlantTestData.bytes(original), orientation));
            DecodedImage plain = app.decode(original, 0);
            DecodedImage turned = app.decode(rotated, 0);
            boolean swap = orientation != 3;
            assertEquals("width after orientation " + orientation, swap ? plain.height() : plain.width(), turned.width());
            assertEquals("height after orientation " + orientation, swap ? plain.width() : plain.height(), turned.height());
            Difference d = compare(rotated);
            System.out.println("decoder agreement, EXIF orientation " + orientation + ": " + d);
            assertTrue("orientation " + orientation + ": " + d, d.mean <= JPEG_MEAN && d.max <= JPEG_MAX);
        }
    }

    @Test
    public void largeJpegSubsampledWhileDecodingAgreesApproximately() throws IOException {
        File jpeg = write(synthetic(2400, 1800), "jpg", "large.jpg");
        DecodedImage a = app.decode(jpeg, SIZE);
        assertEquals("subsampled by 4 while decoding", 600, a.width());
        Difference d = compare(jpeg);
        System.out.println("decoder agreement, 2400x1800 JPEG subsampled by 4: " + d);
        assertTrue(d.toString(), d.mean <= JPEG_SUBSAMPLED_MEAN);
    }

    @Test
    public void unreadableFilesAreRefusedWithTheirName() throws IOException {
        File empty = tmp.newFile("empty.jpg");
        File garbage = tmp.newFile("garbage.png");
        Files.write(garbage.toPath(), "this is not an image".getBytes("UTF-8"));
        for (File f : new File[] {empty, garbage, new File(tmp.getRoot(), "missing.jpg")}) {
            try {
                app.decode(f, SIZE);
                fail("decoded " + f);
            } catch (DataException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(f.getName()));
            }
        }
    }

    @Test
    public void pixelsArePreservedWithoutResize() throws IOException {
        BufferedImage image = synthetic(37, 23);
        File png = write(image, "png", "small.png");
        DecodedImage a = app.decode(png, 0);
        assertArrayEquals(image.getRGB(0, 0, 37, 23, null, 0, 37), a.argb());
    }

    /** The model inputs of both decoders for {@code file}. */
    private Difference compare(File file) {
        PhotoPreprocessor p = new PhotoPreprocessor(SIZE);
        float[] a = p.apply(app.decode(file, p.decodeTarget()));
        float[] h = p.apply(host.decode(file, p.decodeTarget()));
        assertEquals(h.length, a.length);
        Difference d = new Difference();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            float diff = Math.abs(a[i] - h[i]);
            d.max = Math.max(d.max, diff);
            sum += diff;
        }
        d.mean = (float) (sum / a.length);
        return d;
    }

    private static final class Difference {
        float max, mean;

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "mean |app - host| %.5f, max %.5f (inputs in [0, 1])", mean, max);
        }
    }

    /** A leaf-like test picture: smooth colour gradients, a dark diagonal vein and sharp spots. */
    static BufferedImage synthetic(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 40 + 120 * x / w, g = 90 + 140 * y / h, b = 30 + (x + y) % 60;
                if (Math.abs(x * h - y * w) < 3 * Math.max(w, h)) { r /= 3; g /= 3; b /= 3; }
                if (((x / (w / 8 + 1)) + (y / (h / 6 + 1))) % 5 == 0 && (x % 17) < 6 && (y % 13) < 5) { r = 150; g = 60; b = 20; }
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private File write(BufferedImage image, String format, String name) throws IOException {
        File f = tmp.newFile(name);
        if (!ImageIO.write(image, format, f)) throw new IOException("no ImageIO writer for " + format);
        return f;
    }

    /** The JPEG with an EXIF APP1 segment (orientation tag only) inserted right after its SOI marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'I', 'I', 42, 0, 8, 0, 0, 0,          // little-endian TIFF header, IFD0 at offset 8
            1, 0,                                  // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0,          // tag 0x0112 Orientation, type SHORT, count 1
            (byte) orientation, 0, 0, 0,           // value
            0, 0, 0, 0                             // no next IFD
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write('E'); out.write('x'); out.write('i'); out.write('f'); out.write(0); out.write(0);
        out.write(tiff, 0, tiff.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
