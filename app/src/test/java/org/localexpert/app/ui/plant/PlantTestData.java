package org.localexpert.app.ui.plant;

import static org.junit.Assume.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.host.ImageIoDecoder;

/**
 * Real photos and the shipped plant model for the plant UI tests. Photos come from the fixed Daphal test
 * split ({@link PlantSplits}: membership depends only on class and file name, so listing the folder is
 * enough — no pixel is read to find them); tests skip with a clear message when the data set is absent.
 */
public final class PlantTestData {
    static final String[] DAPHAL_CLASSES = {"Healthy", "Mosaic", "RedRot", "Rust", "Yellow"};

    private PlantTestData() {
    }

    static File dataRoot() {
        return new File(System.getProperty("localexpert.data", "../shared/data"));
    }

    /** The shipped plant GE of this repository. */
    public static Path plantGe() {
        Path p = Paths.get(System.getProperty("localexpert.models", "../models"), "plant", "plant-ge.tflite");
        assumeTrue("the shipped plant model " + p.toAbsolutePath() + " is missing", Files.isRegularFile(p));
        return p;
    }

    /** The first photo of {@code label} in the Daphal test split (skips the test when the data set is absent). */
    public static File daphalTestPhoto(String label) {
        File root = new File(dataRoot(), "sugarcane-daphal");
        assumeTrue("sugarcane-daphal not found under " + dataRoot().getAbsolutePath() + " (set -Dlocalexpert.data): skipping", root.isDirectory());
        List<Example> examples = new ArrayList<>();
        for (int c = 0; c < DAPHAL_CLASSES.length; c++) {
            File[] files = new File(root, DAPHAL_CLASSES[c]).listFiles();
            assumeTrue("sugarcane-daphal/" + DAPHAL_CLASSES[c] + " is missing", files != null);
            Arrays.sort(files);
            for (File f : files) {
                if (ImageFolderDataset.isImageFile(f)) examples.add(new Example(new float[1], new int[] {1}, c, f.getPath()));
            }
        }
        Dataset test = PlantSplits.daphal(new Dataset(examples, Arrays.asList(DAPHAL_CLASSES), new int[] {1}), new ImageIoDecoder()).test();
        int wanted = Arrays.asList(DAPHAL_CLASSES).indexOf(label);
        for (Example e : test.examples()) if (e.label() == wanted) return new File(e.source());
        throw new AssertionError("no " + label + " photo in the Daphal test split");
    }

    /** A 300 x 300 px mid-grey PNG in {@code dir}: a "photo" the plant model must refuse (one flat colour). */
    public static File greySquare(File dir) throws IOException {
        BufferedImage grey = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) for (int x = 0; x < 300; x++) grey.setRGB(x, y, 0x808080);
        File file = new File(dir, "grey.png");
        ImageIO.write(grey, "png", file);
        return file;
    }

    public static byte[] bytes(File f) {
        try {
            return Files.readAllBytes(f.toPath());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + f, e);
        }
    }
}
