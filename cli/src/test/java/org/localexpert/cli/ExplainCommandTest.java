package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code localexpert explain} on the shipped plant GE (committed in models/), with a synthetic photo. */
public class ExplainCommandTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static File plantGe() {
        File f = new File("../models/plant/plant-ge.tflite");
        return f.isFile() ? f : new File("models/plant/plant-ge.tflite");
    }

    /** A green "leaf" with brown spots on a grey background, 200x150 (not square: the overlay keeps the photo's size). */
    private File syntheticPhoto() throws Exception {
        File f = new File(tmp.getRoot(), "leaf.png");
        if (f.isFile()) return f;
        BufferedImage img = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        Random rng = new Random(3);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                double dx = (x - 100) / 80.0, dy = (y - 75) / 50.0;
                int rgb = dx * dx + dy * dy < 1 ? 0x2E8B30 : 0x808080;
                if (dx * dx + dy * dy < 1 && rng.nextInt(40) == 0) rgb = 0x6B4423;
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", f);
        return f;
    }

    @Test
    public void writesAHeatMapPngOfThePhotosSize() throws Exception {
        File heat = new File(tmp.getRoot(), "out/heat.png");
        int code = run("explain", "--model", plantGe().getPath(), "--image", syntheticPhoto().getPath(), "--out", heat.getPath());
        assertEquals(err.toString(StandardCharsets.UTF_8), 0, code);
        BufferedImage png = ImageIO.read(heat);
        assertEquals(200, png.getWidth());
        assertEquals(150, png.getHeight());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("label ") && text.contains("probability ") && text.contains("conv layer "));
    }

    @Test
    public void explainsAChosenClass() throws Exception {
        File heat = new File(tmp.getRoot(), "heat.png");
        String label = Files.readAllLines(new File(plantGe().getParentFile(), "labels.txt").toPath()).get(0).trim();
        assertEquals(err.toString(StandardCharsets.UTF_8), 0,
                run("explain", "--model", plantGe().getPath(), "--image", syntheticPhoto().getPath(), "--out", heat.getPath(), "--class", label));
        assertTrue(out.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8).contains("label " + label + " "));
    }

    @Test
    public void badInputIsAOneLineUserError() throws Exception {
        File heat = new File(tmp.getRoot(), "heat.png");
        assertEquals(2, run("explain", "--model", plantGe().getPath(), "--image", new File(tmp.getRoot(), "missing.jpg").getPath(), "--out", heat.getPath()));
        assertEquals(2, run("explain", "--model", plantGe().getPath(), "--image", syntheticPhoto().getPath(), "--out", heat.getPath(), "--class", "NoSuchDisease"));
        File notModel = tmp.newFile("x.tflite");
        Files.write(notModel.toPath(), new byte[] {1, 2, 3});
        assertEquals(2, run("explain", "--model", notModel.getPath(), "--image", syntheticPhoto().getPath(), "--out", heat.getPath()));
        String text = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(text, 3, text.lines().count());
        assertTrue(text, text.contains("NoSuchDisease"));
        assertTrue(!new File(tmp.getRoot(), "heat.png").exists());
    }
}
