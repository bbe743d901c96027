package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.awt.Point;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.host.ImageIoDecoder;

/** The host decoder on good, odd and broken files; EXIF orientation; memory on huge images. */
public class ImageDecoderTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ImageDecoder decoder = new ImageIoDecoder();

    @Test
    public void pngRoundTripIsExact() throws IOException {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(5);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 5; x++) img.setRGB(x, y, random.nextInt());
        File f = tmp.newFile("a.png");
        ImageIO.write(img, "png", f);
        DecodedImage d = decoder.decode(f, 0);
        assertEquals(5, d.width());
        assertEquals(3, d.height());
        assertArrayEquals(img.getRGB(0, 0, 5, 3, null, 0, 5), d.argb());
    }

    @Test
    public void greyPngsKeepTheirValues() throws IOException {
        // 8-bit grey: getRGB would push 128 through a linear-grey colour conversion; Android gives 0x80.
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128);
        grey.getRaster().setSample(1, 0, 0, 255);
        File f = tmp.newFile("grey.png");
        ImageIO.write(grey, "png", f);
        assertArrayEquals(new int[] {0xFF808080, 0xFFFFFFFF}, decoder.decode(f, 0).argb());
        BufferedImage grey16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 0x8000);
        grey16.getRaster().setSample(1, 0, 0, 0x1234);
        File f16 = tmp.newFile("grey16.png");
        ImageIO.write(grey16, "png", f16);
        assertArrayEquals(new int[] {0xFF808080, 0xFF121212}, decoder.decode(f16, 0).argb());
    }

    @Test
    public void sixteenBitRgbPngDecodes() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {16, 16, 16},
                false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(3, 2);
        raster.setPixel(0, 0, new int[] {0xFFFF, 0, 0});
        raster.setPixel(1, 0, new int[] {0, 0xFFFF, 0});
        raster.setPixel(2, 0, new int[] {0, 0, 0xFFFF});
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        File f = tmp.newFile("rgb16.png");
        assertTrue("ImageIO writes 16-bit PNG", ImageIO.write(img, "png", f));
        DecodedImage d = decoder.decode(f, 0);
        assertEquals(0xFFFF0000, d.pixel(0, 0));
        assertEquals(0xFF00FF00, d.pixel(1, 0));
        assertEquals(0xFF0000FF, d.pixel(2, 0));
        assertEquals(0xFF000000, d.pixel(0, 1));
    }

    @Test
    public void animatedGifGivesItsFirstFrame() throws IOException {
        File f = tmp.newFile("anim.gif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int colour : new int[] {0xFF0000, 0x0000FF, 0x00FF00}) {
                BufferedImage frame = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 6; y++) for (int x = 0; x < 8; x++) frame.setRGB(x, y, colour);
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        DecodedImage d = decoder.decode(f, 0);
        assertEquals(8, d.width());
        assertEquals(6, d.height());
        assertEquals(0xFFFF0000, d.pixel(3, 3));
    }

    @Test
    public void subsampledPixelsComeFromTheMiddleOfEachBlock() throws IOException {
        // 2000x1030 with target 250: factor 2 (1030 / 500 = 2). Pixel (x, y) encodes its source position.
        int w = 2000, h = 1030;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x % 256) << 16 | (y % 256) << 8 | (x / 256) << 4 | (y / 256));
        File f = tmp.newFile("grid.png");
        ImageIO.write(img, "png", f);
        DecodedImage d = decoder.decode(f, 250);
        assertEquals(1000, d.width());
        assertEquals(515, d.height());
        for (int[] k : new int[][] {{0, 0}, {7, 3}, {999, 514}}) {
            int sx = k[0] * 2 + 1, sy = k[1] * 2 + 1;
            assertEquals(0xFF000000 | img.getRGB(sx, sy), d.pixel(k[0], k[1]));
        }
    }

    @Test
    public void oneByOneImage() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x336699);
        File f = tmp.newFile("one.png");
        ImageIO.write(img, "png", f);
        DecodedImage d = decoder.decode(f, 224);
        assertEquals(1, d.width());
        assertEquals(0xFF336699, d.pixel(0, 0));
        float[] rgb = Resize.argbToRgb(d.argb(), 1, 1, 4, 4);
        assertEquals(0x66 / 255f, rgb[4 * 3 + 1], 1e-6);
    }

    @Test
    public void brokenFilesGiveOneClearErrorNamingTheFile() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(9);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, random.nextInt());
        File png = tmp.newFile("good.png");
        File jpg = tmp.newFile("good.jpg");
        ImageIO.write(img, "png", png);
        ImageIO.write(img, "jpg", jpg);
        byte[] pngBytes = Files.readAllBytes(png.toPath());
        byte[] jpgBytes = Files.readAllBytes(jpg.toPath());
        byte[] noise = new byte[5000];
        random.nextBytes(noise);

        expectError(write("empty.png", new byte[0]), "empty");
        expectError(write("noise.jpg", noise), "");
        expectError(write("truncated.png", Arrays.copyOf(pngBytes, pngBytes.length / 2)), "");
        expectError(write("truncated.jpg", Arrays.copyOf(jpgBytes, jpgBytes.length / 2)), "");
        expectError(write("header-only.jpg", Arrays.copyOf(jpgBytes, 20)), "");
        expectError(write("text.png", "not an image at all".getBytes("UTF-8")), "");
        expectError(new File(tmp.getRoot(), "absent.png"), "not found");
        // mutated files: every case ends in an image or a DataException, never anything else
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            byte[] bytes = (i % 2 == 0 ? pngBytes : jpgBytes).clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            File f = write("mutated" + i + (i % 2 == 0 ? ".png" : ".jpg"), bytes);
            try {
                decoder.decode(f, 32);
            } catch (DataException e) {
                errors++;
                assertTrue(e.getMessage(), e.getMessage().contains(f.getPath()));
            }
        }
        assertTrue("some mutations must be caught: " + errors, errors > 0);
    }

    @Test
    public void cmykJpegIsRefusedClearly() throws IOException {
        // javax.imageio writes a 4-band raster as a 4-component (CMYK) JPEG.
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, new Point(0, 0));
        File f = tmp.newFile("cmyk.jpg");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException | RuntimeException e) {
            assumeTrue("this JDK cannot write a CMYK JPEG: " + e, false);
        } finally {
            writer.dispose();
        }
        // javax.imageio would decode it as plain black; refusing is the honest answer
        expectError(f, "CMYK");
    }

    @Test
    public void exifOrientationTurnsTheJpegUpright() throws IOException {
        // 40x20: left half red, right half blue. Orientation 6 = turn 90 degrees clockwise to view,
        // so the viewer sees 20x40 with red on top.
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, x < 20 ? 0xFF0000 : 0x0000FF);
        File plain = tmp.newFile("plain.jpg");
        ImageIO.write(img, "jpg", plain);
        for (boolean bigEndian : new boolean[] {true, false}) {
            File rotated = write("rotated" + bigEndian + ".jpg", withExifOrientation(Files.readAllBytes(plain.toPath()), 6, bigEndian));
            DecodedImage d = decoder.decode(rotated, 0);
            assertEquals(20, d.width());
            assertEquals(40, d.height());
            assertTrue(Integer.toHexString(d.pixel(10, 5)), red(d.pixel(10, 5)) > 200 && blue(d.pixel(10, 5)) < 60);
            assertTrue(Integer.toHexString(d.pixel(10, 35)), blue(d.pixel(10, 35)) > 200 && red(d.pixel(10, 35)) < 60);
        }
        DecodedImage d = decoder.decode(plain, 0);
        assertEquals(40, d.width());
        try (java.io.InputStream in = new java.io.FileInputStream(plain)) {
            JpegHeader header = JpegHeader.read(in);
            assertTrue(header.isJpeg());
            assertEquals(3, header.components());
            assertEquals(1, header.orientation());
        }
    }

    @Test
    public void orientationTransformsMatchTheExifDefinitions() {
        // 3x2 image with pixels numbered 1..6:  1 2 3 / 4 5 6
        DecodedImage img = new DecodedImage(new int[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, ExifOrientation.apply(img, 1).argb());
        assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, ExifOrientation.apply(img, 2).argb());
        assertArrayEquals(new int[] {6, 5, 4, 3, 2, 1}, ExifOrientation.apply(img, 3).argb());
        assertArrayEquals(new int[] {4, 5, 6, 1, 2, 3}, ExifOrientation.apply(img, 4).argb());
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, ExifOrientation.apply(img, 5).argb()); // transpose
        assertArrayEquals(new int[] {4, 1, 5, 2, 6, 3}, ExifOrientation.apply(img, 6).argb()); // 90 clockwise
        assertArrayEquals(new int[] {6, 3, 5, 2, 4, 1}, ExifOrientation.apply(img, 7).argb());
        assertArrayEquals(new int[] {3, 6, 2, 5, 1, 4}, ExifOrientation.apply(img, 8).argb()); // 90 counter-clockwise
        assertEquals(2, ExifOrientation.apply(img, 6).width());
    }

    @Test
    public void exifParserSurvivesGarbage() throws IOException {
        Random random = new Random(3);
        byte[] good = withExifOrientation(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, 8, false);
        assertEquals(8, ExifOrientation.read(new java.io.ByteArrayInputStream(good)));
        for (int i = 0; i < 5000; i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) b[random.nextInt(b.length)] = (byte) random.nextInt();
            if (i % 7 == 0) b = Arrays.copyOf(b, random.nextInt(b.length));
            int o = ExifOrientation.read(new java.io.ByteArrayInputStream(b));
            assertTrue(o >= 1 && o <= 8);
        }
    }

    @Test
    public void subsamplingKeepsTwiceTheTarget() {
        assertEquals(1, ImageDecoder.subsampling(10_000, 10_000, 0));
        assertEquals(32, ImageDecoder.subsampling(10_000, 10_000, 96)); // 52 allowed, rounded down to a power of two
        assertEquals(2, ImageDecoder.subsampling(4000, 3000, 512));
        assertEquals(4, ImageDecoder.subsampling(4000, 3000, 256));
        assertEquals(1, ImageDecoder.subsampling(300, 4000, 224));
        assertEquals(1, ImageDecoder.subsampling(1, 1, 96));
    }

    /**
     * A 10,000 x 10,000 PNG (100 megapixels: 400 MB as ARGB ints) decodes in a JVM limited to
     * 64 MB of heap, because it is subsampled while it is read.
     */
    @Test
    public void hugeImageDecodesSubsampledInASmallHeap() throws Exception {
        File huge = tmp.newFile("huge.png");
        writeGreyPng(huge, 10_000, 10_000);
        assertTrue("generated PNG is small: " + huge.length(), huge.length() < 2_000_000);
        String java = new File(System.getProperty("java.home"), "bin/java").getPath();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                DecodeMain.class.getName(), huge.getPath(), "96");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), "UTF-8"))) {
            for (String line; (line = r.readLine()) != null; ) output.append(line).append('\n');
        }
        assertEquals(output.toString(), 0, p.waitFor());
        // factor 32: floor(10000 / 32) = 312 pixels a side; top half white, bottom half black
        assertEquals(output.toString(), "312x312 source 10000x10000 top ffffffff bottom ff000000", output.toString().trim());
    }

    @Test
    public void decompressionBombIsRefusedFromItsHeader() throws IOException {
        // a PNG whose header claims 100,000 x 100,000 pixels (10 gigapixels); no pixel is read
        File bomb = tmp.newFile("bomb.png");
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(bomb))) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(100_000);
            h.writeInt(100_000);
            h.write(new byte[] {8, 0, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
        expectError(bomb, "too large");
    }

    /** Decodes one file in a separate (small-heap) JVM and prints its size and two pixels. */
    public static final class DecodeMain {
        public static void main(String[] args) {
            DecodedImage d = new ImageIoDecoder().decode(new File(args[0]), Integer.parseInt(args[1]));
            System.out.println(d.width() + "x" + d.height() + " source " + d.sourceWidth() + "x" + d.sourceHeight()
                    + " top " + Integer.toHexString(d.pixel(0, 0)) + " bottom " + Integer.toHexString(d.pixel(0, d.height() - 1)));
        }
    }

    /** Writes a grey PNG row by row (top half white, bottom half black) without holding the image. */
    static void writeGreyPng(File file, int width, int height) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(new FileOutputStream(file)))) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter method, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] white = new byte[width + 1], black = new byte[width + 1];
                Arrays.fill(white, 1, white.length, (byte) 0xFF);
                for (int y = 0; y < height; y++) z.write(y < height / 2 ? white : black);
            }
            deflater.end();
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes("US-ASCII");
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** The JPEG with an APP1 EXIF segment holding only the orientation tag, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) throws IOException {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 2 + 12 + 4)
                .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 1); // one entry
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0); // no next IFD
        tiff.write("Exif\0\0".getBytes("US-ASCII"));
        tiff.write(b.array());
        byte[] payload = tiff.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private File write(String name, byte[] bytes) throws IOException {
        File f = new File(tmp.getRoot(), name);
        try (OutputStream out = new FileOutputStream(f)) {
            out.write(bytes);
        }
        return f;
    }

    private void expectError(File f, String fragment) {
        try {
            decoder.decode(f, 0);
            fail("expected a DataException for " + f);
        } catch (DataException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(f.getPath()));
            assertTrue(e.getMessage(), e.getMessage().contains(fragment));
            assertTrue("one line: " + e.getMessage(), !e.getMessage().contains("\n"));
        }
    }

    private static int red(int argb) {
        return (argb >> 16) & 0xFF;
    }

    private static int blue(int argb) {
        return argb & 0xFF;
    }
}
