package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Personalization fits a phone's heap: the real {@code personalize} path (folder read one input at a
 * time, GE features on TFLite or the Java engine, shipped replay features) runs in a forked JVM capped at
 * 64 MB — a plant farm of 3 classes x 20 camera-sized photos (4000 x 3000 JPEG) and a writer's 14
 * classes x 30 drawings. Before inputs were streamed, the plant case died at 1.5 GB. {@code evaluate} over the
 * same farm streams too (128 MB: it also runs the Java engine on small batches); it used to load the whole folder
 * and score batches of 256 photos, and died at 2 GB on 224 photos.
 */
public class PersonalizeMemoryTest {
    static final String HEAP = "-Xmx64m";

    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    private static File models(String path) {
        File f = new File("../models/" + path);
        return f.isFile() ? f : new File("models/" + path);
    }

    @Test
    public void plantFarmOfCameraPhotosPersonalizesIn64Mb() throws Exception {
        File farm = tmp.newFolder("farm");
        Color[] spots = {new Color(60, 130, 40), new Color(150, 40, 30), new Color(200, 120, 30)};
        String[] classes = {"Healthy", "RedRot", "Rust"};
        for (int c = 0; c < classes.length; c++) {
            File dir = new File(farm, classes[c]);
            dir.mkdirs();
            // Four distinct 12-megapixel photos per class, each stored five times: decoding, not content, is what costs memory.
            for (int v = 0; v < 4; v++) {
                File photo = new File(dir, "photo-" + v + "-0.jpg");
                ImageIO.write(leafPhoto(4000, 3000, spots[c], new Random(31L * c + v)), "jpg", photo);
                for (int r = 1; r < 5; r++) Files.copy(photo.toPath(), new File(dir, "photo-" + v + "-" + r + ".jpg").toPath());
            }
        }
        String log = personalize(models("plant/plant-ge.tflite"), farm, "tflite");
        assertTrue(log, log.contains("60 photos") && log.contains("GE features computed by TFLite"));
        String scored = fork("-Xmx128m", "evaluate", "--model", models("plant/plant-ge.tflite").getPath(), "--data", farm.getPath());
        assertTrue(scored, scored.contains("(60 samples)") && scored.contains("unsure: "));
    }

    @Test
    public void writerOf14ClassesPersonalizesIn64MbOnTfliteAndOnTheJavaEngine() throws Exception {
        File user = tmp.newFolder("writer");
        Random rng = new Random(5);
        for (int c = 0; c < 14; c++) {
            String label = c < 10 ? Integer.toString(c) : Character.toString((char) ('A' + c - 10));
            File dir = new File(user, label);
            dir.mkdirs();
            float[][] shape = new float[4][2];
            Random classRng = new Random(100 + c);
            for (float[] p : shape) {
                p[0] = 15 + classRng.nextFloat() * 75;
                p[1] = 15 + classRng.nextFloat() * 75;
            }
            for (int i = 0; i < 30; i++) ImageIO.write(drawing(shape, rng), "png", new File(dir, i + ".png"));
        }
        File ge = models("handwriting/handwriting-ge.tflite");
        String log = personalize(ge, user, "tflite");
        assertTrue(log, log.contains("420 drawings") && log.contains("GE features computed by TFLite"));
        log = personalize(ge, user, "java");
        assertTrue(log, log.contains("GE features computed by Java engine"));
    }

    /** Runs {@code personalize} in a JVM of its own with a 64 MB heap; fails with its output unless it wrote the model. */
    private String personalize(File ge, File userData, String engine) throws Exception {
        File out = new File(tmp.getRoot(), "personal-" + userData.getName() + "-" + engine + ".tflite");
        String text = fork(HEAP, "personalize", "--ge", ge.getPath(), "--user-data", userData.getPath(), "--out", out.getPath(),
                "--engine", engine, "--folds", "3");
        assertTrue(out.isFile());
        return text;
    }

    /** Runs the CLI with {@code args} in a JVM of its own with the {@code heap} cap; fails with its output unless it exits 0. */
    private String fork(String heap, String... args) throws Exception {
        File log = tmp.newFile();
        List<String> cmd = new ArrayList<>(Arrays.asList(
                new File(System.getProperty("java.home"), "bin/java").getPath(), heap, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        assertTrue(args[0] + " did not finish in 5 minutes", p.waitFor(5, TimeUnit.MINUTES));
        String text = new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
        System.out.println("PersonalizeMemoryTest (" + heap + ", " + String.join(" ", args) + "): " + text.replace('\n', '|'));
        assertEquals(args[0] + " at " + heap + " failed:\n" + text, 0, p.exitValue());
        return text;
    }

    /** A green, textured 'leaf' filling the frame with spots of {@code spot}. */
    private static BufferedImage leafPhoto(int w, int h, Color spot, Random rng) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        g.setColor(new Color(40 + rng.nextInt(30), 110 + rng.nextInt(40), 30));
        g.fillRect(0, 0, w, h);
        g.setColor(spot);
        for (int i = 0; i < 60; i++) {
            int r = 40 + rng.nextInt(160);
            g.fillOval(rng.nextInt(w), rng.nextInt(h), r, r);
        }
        g.dispose();
        return im;
    }

    /** A 105 x 105 black-on-white drawing of the class's polyline, jittered. */
    private static BufferedImage drawing(float[][] shape, Random rng) {
        BufferedImage im = new BufferedImage(105, 105, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = im.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 105, 105);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(3 + rng.nextFloat() * 2));
        for (int i = 1; i < shape.length; i++) {
            g.drawLine(Math.round(shape[i - 1][0] + rng.nextFloat() * 8 - 4), Math.round(shape[i - 1][1] + rng.nextFloat() * 8 - 4),
                    Math.round(shape[i][0] + rng.nextFloat() * 8 - 4), Math.round(shape[i][1] + rng.nextFloat() * 8 - 4));
        }
        g.dispose();
        return im;
    }
}
