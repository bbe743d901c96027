package org.localexpert.app.work;

import static org.junit.Assume.assumeTrue;

import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.Mnist;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Real handwritten digits for app tests: the first {@code perClass} digits of each class of MNIST's test part,
 * as PNG files (what the drawing canvas stores). MNIST comes from the folder named by the system property
 * {@code localexpert.data} (Surefire sets it), else ../shared/data; tests are skipped when it is absent.
 */
public final class MnistSamples {
    private static Dataset test;

    public static final class Digit {
        public final String label;
        public final byte[] png;
        public final float[] pixels;

        Digit(String label, byte[] png, float[] pixels) {
            this.label = label;
            this.png = png;
            this.pixels = pixels;
        }
    }

    public static synchronized Dataset mnistTest() {
        if (test == null) {
            File root = org.localexpert.core.data.DataLocation.root();
            assumeTrue("MNIST not found under " + root.getAbsolutePath() + " (set -Dlocalexpert.data=DIR): skipping a test that needs real digits",
                    new File(root, "mnist").isDirectory());
            test = Mnist.load(root, Mnist.Part.TEST);
        }
        return test;
    }

    /** {@code perClass} digits of each of {@code classes}, interleaved by class (0,1,..,0,1,..), from MNIST test index {@code from}. */
    public static List<Digit> digits(List<String> classes, int perClass, int from) {
        Dataset d = mnistTest();
        List<List<Digit>> byClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) byClass.add(new ArrayList<>());
        for (int i = from; i < d.size(); i++) {
            Example e = d.get(i);
            int c = classes.indexOf(d.labelNames().get(e.label()));
            if (c < 0 || byClass.get(c).size() >= perClass) continue;
            byClass.get(c).add(new Digit(classes.get(c), png(e.features()), e.features()));
        }
        List<Digit> out = new ArrayList<>();
        for (int k = 0; k < perClass; k++) for (List<Digit> l : byClass) if (k < l.size()) out.add(l.get(k));
        return out;
    }

    static byte[] png(float[] pixels) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = Math.round(Math.max(0, Math.min(1, pixels[y * 28 + x])) * 255);
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
