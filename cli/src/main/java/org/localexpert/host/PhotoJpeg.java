package org.localexpert.host;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.moe.PlantReplay;

/** javax.imageio JPEG coding for the plant replay sample ({@link PlantReplay}) on the host. */
public final class PhotoJpeg implements PlantReplay.JpegEncoder, PlantReplay.JpegDecoder {
    /** JPEG quality of stored replay photos: visually lossless, ~5 KB at 128×128. */
    public static final float QUALITY = 0.92f;

    @Override
    public byte[] encode(float[] rgb, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                img.setRGB(x, y, (byte8(rgb[i]) << 16) | (byte8(rgb[i + 1]) << 8) | byte8(rgb[i + 2]));
            }
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) throw new IOException("no JPEG writer in this JVM");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int byte8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    @Override
    public DecodedImage decode(byte[] jpeg, String name) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new DataException("cannot decode " + name + ": " + e.getMessage(), e);
        }
        if (img == null) throw new DataException("not a readable image: " + name);
        int w = img.getWidth(), h = img.getHeight();
        return new DecodedImage(img.getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    /** Writes {@code sample} to {@code file} atomically. */
    public static void write(Dataset sample, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                PlantReplay.write(sample, new PhotoJpeg(), out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a plant replay sample for a GE of input size {@code size}. */
    public static Dataset read(Path file, int size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return PlantReplay.read(in, new PhotoJpeg(), size, file.toString());
        }
    }
}
