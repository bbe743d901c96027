package org.localexpert.host;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.ExifOrientation;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.JpegHeader;

/**
 * {@link ImageDecoder} for the host JVM with javax.imageio (PNG, JPEG, and whatever else ImageIO
 * reads). Host only: Android has no javax.imageio or java.awt, so this package is excluded from
 * the animal-sniffer check and the app supplies its own decoder.
 *
 * <p>Robustness: the size is read from the header before any pixel, and pixels are decoded with
 * source subsampling, so memory stays proportional to the subsampled size. The JPEG reader
 * reports a truncated file only as a warning (and fills the rest grey); warnings are therefore
 * errors here. Grey images are read from their raster, not through {@code getRGB}, which would
 * push linear-grey values through a colour conversion and brighten them (Android does not).
 */
public final class ImageIoDecoder implements ImageDecoder {

    @Override
    public DecodedImage decode(File file, int targetSize) {
        if (!file.isFile()) throw new DataException("image not found: " + file.getPath());
        if (file.length() == 0) throw new DataException("empty image file (0 bytes): " + file.getPath());
        JpegHeader header = readJpegHeader(file);
        if (header.components() == 4) {
            throw new DataException("CMYK/YCCK JPEG is not supported (printing format, not a camera's) — save it as an RGB JPEG or PNG: "
                    + file.getPath());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file)) {
            if (in == null) throw new DataException("cannot open image: " + file.getPath());
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new DataException("not a readable image (unknown format): " + file.getPath());
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                DecodedImage image = read(reader, file, targetSize);
                return ExifOrientation.apply(image, header.orientation());
            } finally {
                reader.dispose();
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO signals broken files with IIOException but also with IndexOutOfBounds,
            // NegativeArraySize, IllegalArgument and friends from inside its decoders.
            throw new DataException("cannot decode image " + file.getPath() + ": " + describe(e), e);
        }
    }

    private static DecodedImage read(ImageReader reader, File file, int targetSize) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) throw new DataException("image has no pixels (" + width + "x" + height + "): " + file.getPath());
        if ((long) width * height > MAX_PIXELS) {
            throw new DataException("image too large (" + width + "x" + height + " pixels, limit " + MAX_PIXELS / (1024 * 1024)
                    + " megapixels): " + file.getPath());
        }
        int factor = ImageDecoder.subsampling(width, height, targetSize);
        ImageReadParam param = reader.getDefaultReadParam();
        if (factor > 1) {
            // Android's sampled decoder (Skia) keeps pixel k*f + f/2 of each row and column and
            // floor(size / f) of them; the same grid here makes host and app agree on PNGs.
            param.setSourceRegion(new Rectangle(0, 0, width / factor * factor, height / factor * factor));
            param.setSourceSubsampling(factor, factor, factor / 2, factor / 2);
        }
        final String[] warning = new String[1];
        IIOReadWarningListener listener = (source, message) -> {
            if (warning[0] == null) warning[0] = message;
        };
        reader.addIIOReadWarningListener(listener);
        BufferedImage image = reader.read(0, param);
        if (warning[0] != null) throw new DataException("damaged image (" + warning[0] + "): " + file.getPath());
        return new DecodedImage(toArgb(image), image.getWidth(), image.getHeight(), width, height);
    }

    /** ARGB ints the way Android's Bitmap.getPixels gives them for the same file. */
    static int[] toArgb(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && raster.getNumBands() <= 2;
        if (!grey) return image.getRGB(0, 0, w, h, null, 0, w);
        int bits = cm.getComponentSize(0);
        int[] argb = new int[w * h];
        int[] row = new int[w];
        int[] alpha = cm.hasAlpha() ? new int[w] : null;
        int alphaBits = cm.hasAlpha() ? cm.getComponentSize(1) : 8;
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            if (alpha != null) raster.getSamples(0, y, w, 1, 1, alpha);
            for (int x = 0; x < w; x++) {
                int v = to8Bits(row[x], bits);
                int a = alpha == null ? 255 : to8Bits(alpha[x], alphaBits);
                argb[y * w + x] = a << 24 | v << 16 | v << 8 | v;
            }
        }
        return argb;
    }

    private static int to8Bits(int sample, int bits) {
        if (bits == 8) return sample & 0xFF;
        if (bits > 8) return (sample >>> (bits - 8)) & 0xFF;
        int max = (1 << bits) - 1;
        return Math.round(sample * 255f / max);
    }

    private static JpegHeader readJpegHeader(File file) {
        try (InputStream in = new BufferedInputStream(new FileInputStream(file), 8192)) {
            return JpegHeader.read(in);
        } catch (IOException e) {
            return JpegHeader.UNREADABLE; // the decoder below reports an unreadable file properly
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
}
