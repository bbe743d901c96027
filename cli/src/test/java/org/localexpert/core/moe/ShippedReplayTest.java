package org.localexpert.core.moe;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.Test;
import org.localexpert.cli.Main;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.MnistFixture;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelFile;

/**
 * The generic replay sample shipped next to the handwriting GE ({@code models/handwriting/replay.bin},
 * written by {@code localexpert write-replay}) loads, is class-balanced and small, holds valid MNIST
 * images, is what the GE already does well, and is exactly the seeded draw the command documents.
 */
public class ShippedReplayTest {
    /** 300 digits: what the personalization bench and design comparison were measured with. */
    private static final int PER_CLASS = ReplaySample.DEFAULT_PER_CLASS;
    /** Shipped in the APK: keep it small. */
    private static final long MAX_BYTES = 300 * 1024;
    /** The GE was trained on these digits (99.9 %+ training accuracy); a handful of misses at most. */
    private static final int MAX_GE_ERRORS = 3;

    static File shipped(String name) {
        File f = new File("../models/handwriting/" + name);
        return f.isFile() ? f : new File("models/handwriting/" + name);
    }

    @Test
    public void shippedReplayIsSmallBalancedValidAndKnownToTheGe() throws Exception {
        File file = shipped("replay.bin");
        assertTrue("the shipped replay sample is missing: " + file.getAbsolutePath()
                + " (write it with `localexpert write-replay --data ../shared/data`)", file.isFile());
        assertTrue("replay.bin is " + file.length() + " bytes", file.length() < MAX_BYTES);

        Dataset replay = ReplaySample.read(file.toPath());
        assertEquals(Mnist.LABELS, replay.labelNames());
        assertArrayEquals(Mnist.SHAPE, replay.shape());
        int[] expected = new int[10];
        Arrays.fill(expected, PER_CLASS);
        assertArrayEquals(expected, replay.classCounts());
        for (int i = 0; i < replay.size(); i++) {
            float[] x = replay.get(i).features();
            assertEquals(28 * 28, x.length);
            float max = 0;
            for (float v : x) {
                assertTrue("digit " + i + " has pixel " + v + " outside [0, 1]", v >= 0f && v <= 1f);
                max = Math.max(max, v);
            }
            assertTrue("digit " + i + " has no ink", max > 0.5f);
        }

        ModelFile ge = ModelFile.load(shipped("handwriting-ge.tflite").toPath());
        FeatureSet fs = GlobalExpert.of(ge.toModel(), ge.metadata().labels()).features(replay, 1);
        int errors = 0;
        for (int i = 0; i < fs.size(); i++) if (fs.gePrediction(i) != fs.label(i)) errors++;
        assertTrue("the shipped GE gets " + errors + " of its own replay digits wrong", errors <= MAX_GE_ERRORS);
    }

    @Test
    public void shippedReplayIsTheDocumentedSeededDrawFromMnistTrain() throws Exception {
        Dataset train = MnistFixture.train();
        Dataset replay = ReplaySample.read(shipped("replay.bin").toPath());
        Dataset drawn = ReplaySample.select(train, PER_CLASS, ReplaySample.DEFAULT_SEED);
        assertEquals(drawn.size(), replay.size());
        for (int i = 0; i < drawn.size(); i++) {
            assertEquals(drawn.get(i).label(), replay.get(i).label());
            assertArrayEquals("digit " + i, drawn.get(i).features(), replay.get(i).features(), 0f);
        }
    }

    @Test
    public void writeThenReadGivesTheSameSampleAndRejectsOtherFiles() throws Exception {
        Dataset sample = ReplaySample.read(shipped("replay.bin").toPath()).subset(new int[] {0, 31, 299});
        Path dir = Files.createTempDirectory("replay");
        Path file = dir.resolve("r.bin");
        try {
            ReplaySample.write(sample, file);
            Dataset back = ReplaySample.read(file);
            assertEquals(sample.labelNames(), back.labelNames());
            for (int i = 0; i < sample.size(); i++) {
                assertEquals(sample.get(i).label(), back.get(i).label());
                assertArrayEquals(sample.get(i).features(), back.get(i).features(), 0f);
            }
            try {
                ReplaySample.read(new ByteArrayInputStream("not a replay".getBytes("UTF-8")), "junk");
                fail("junk was read as a replay sample");
            } catch (IOException | RuntimeException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("junk"));
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** With replay.bin beside the GE, personalize needs no data set: --data points at an empty folder. */
    @Test
    public void personalizeUsesTheReplaySampleNextToTheGe() throws Exception {
        Path dir = Files.createTempDirectory("replay-cli");
        try {
            Path ge = dir.resolve("ge/handwriting-ge.tflite");
            Files.createDirectories(ge.getParent());
            ModelFile.save(MoeTestModels.tinyGe(1), new LocalExpertMetadata().domain("handwriting").role("ge").labels(Mnist.LABELS), ge);
            ReplaySample.write(MoeTestModels.noiseDigits(60, 3), ge.resolveSibling("replay.bin"));
            Path user = dir.resolve("user");
            for (int i = 0; i < 6; i++) {
                stroke(user.resolve("1/s" + i + ".png"), i, false);
                stroke(user.resolve("0/o" + i + ".png"), i, true);
            }
            Path noData = Files.createDirectories(dir.resolve("no-data"));
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"personalize", "--ge", ge.toString(), "--user-data", user.toString(),
                    "--out", dir.resolve("p.tflite").toString(), "--data", noData.toString(), "--folds", "2"},
                    new PrintStream(out, true), new PrintStream(err, true));
            String printed = out.toString(StandardCharsets.UTF_8.name());
            assertEquals(err.toString(StandardCharsets.UTF_8.name()), 0, code);
            assertTrue(printed, printed.contains("replay.bin (60 inputs beside the GE)"));
            assertTrue(Files.size(dir.resolve("p.tflite")) > 0);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void stroke(Path file, int seed, boolean ring) throws IOException {
        BufferedImage img = new BufferedImage(40, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 50);
        g.setColor(Color.BLACK);
        if (ring) {
            g.fillOval(8 + seed % 3, 10, 22, 28);
            g.setColor(Color.WHITE);
            g.fillOval(14 + seed % 3, 16, 10, 16);
        } else {
            g.fillRect(15 + seed % 5, 5, 6, 40);
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
