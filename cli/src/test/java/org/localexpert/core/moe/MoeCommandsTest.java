package org.localexpert.core.moe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.localexpert.cli.Main;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelFile;

/** The handwriting commands answer user mistakes with one line and exit code 2, never a stack trace. */
public class MoeCommandsTest {
    private Path dir;
    private Path ge;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("moe-cli");
        ge = dir.resolve("ge.tflite");
        ModelFile.save(MoeTestModels.tinyGe(1), new LocalExpertMetadata().domain("handwriting").role("ge").labels(Mnist.LABELS), ge);
    }

    @After
    public void tearDown() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private void digit(Path file, int seed) throws Exception {
        BufferedImage img = new BufferedImage(40, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 50);
        g.setColor(Color.BLACK);
        g.fillRect(15 + seed % 5, 5, 6, 40);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString(StandardCharsets.UTF_8).trim()};
    }

    private void expectUserError(String part, String... argv) {
        String[] r = run(argv);
        assertEquals("exit code for " + String.join(" ", argv) + ": " + r[2], "2", r[0]);
        assertTrue(r[2], r[2].contains(part));
        assertEquals("one line: " + r[2], 1, r[2].split("\n").length);
        assertFalse(r[2], r[2].contains("Exception") || r[2].contains("\tat "));
    }

    @Test
    public void personalizeRefusesBadUserFolders() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        expectUserError("no class folders", "personalize", "--ge", ge.toString(), "--user-data", empty.toString(), "--out", dir.resolve("p.tflite").toString());

        Path single = dir.resolve("single");
        for (int i = 0; i < 4; i++) digit(single.resolve("1/s" + i + ".png"), i);
        expectUserError("only one class", "personalize", "--ge", ge.toString(), "--user-data", single.toString(),
                "--out", dir.resolve("p.tflite").toString(), "--data", dir.toString());

        Path few = dir.resolve("few");
        for (int i = 0; i < 4; i++) digit(few.resolve("1/s" + i + ".png"), i);
        digit(few.resolve("7/s.png"), 1);
        expectUserError("has 1 drawing", "personalize", "--ge", ge.toString(), "--user-data", few.toString(),
                "--out", dir.resolve("p.tflite").toString(), "--data", dir.toString());

        Path broken = dir.resolve("broken");
        for (int i = 0; i < 4; i++) {
            digit(broken.resolve("1/a" + i + ".png"), i);
            if (i > 0) digit(broken.resolve("2/a" + i + ".png"), i);
        }
        Files.write(broken.resolve("2/b.png"), new byte[] {1, 2, 3, 4, 5}); // read one at a time: refused when its turn comes
        expectUserError("b.png", "personalize", "--ge", ge.toString(), "--user-data", broken.toString(), "--out", dir.resolve("p.tflite").toString());

        Path emptyClass = dir.resolve("emptyclass");
        digit(emptyClass.resolve("1/a.png"), 0);
        Files.createDirectories(emptyClass.resolve("2"));
        expectUserError("holds no", "personalize", "--ge", ge.toString(), "--user-data", emptyClass.toString(), "--out", dir.resolve("p.tflite").toString());
    }

    @Test
    public void evaluateAndPredictRefuseBadInput() throws Exception {
        Path letters = dir.resolve("letters");
        digit(letters.resolve("Q/a.png"), 0);
        expectUserError("not classes of", "evaluate", "--model", ge.toString(), "--data", letters.toString());
        expectUserError("no such model file", "evaluate", "--model", dir.resolve("none.tflite").toString(), "--data", letters.toString());
        Path junk = dir.resolve("junk.tflite");
        Files.write(junk, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        expectUserError("not a usable .tflite", "predict", "--model", junk.toString(), "--image", letters.resolve("Q/a.png").toString());
        Path blank = dir.resolve("blank.png");
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
        expectUserError("no handwriting", "predict", "--model", ge.toString(), "--image", blank.toString());
        expectUserError("personal mixture", "personalize", "--ge", personalMixture().toString(), "--user-data", letters.toString(),
                "--out", dir.resolve("p2.tflite").toString());
    }

    @Test
    public void personalizeWritesAMixtureThatEvaluateAndPredictRead() throws Exception {
        Path user = dir.resolve("user");
        for (int i = 0; i < 6; i++) {
            digit(user.resolve("1/s" + i + ".png"), i);
            BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 40, 40);
            g.setColor(Color.BLACK);
            g.fillOval(8 + i % 3, 8, 22, 22);
            g.setColor(Color.WHITE);
            g.fillOval(14 + i % 3, 14, 10, 10);
            g.dispose();
            Files.createDirectories(user.resolve("O"));
            ImageIO.write(img, "png", user.resolve("O/o" + i + ".png").toFile());
        }
        Path replay = dir.resolve("replay.bin");
        ReplaySample.write(MoeTestModels.noiseDigits(60, 3), replay);
        Path out = dir.resolve("personal.tflite");
        String[] r = run("personalize", "--ge", ge.toString(), "--user-data", user.toString(), "--out", out.toString(),
                "--replay", replay.toString(), "--folds", "3");
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].contains("cross-validation") && r[1].contains("new classes: [O]"));
        assertTrue(Files.size(out) > 0);
        r = run("evaluate", "--model", out.toString(), "--data", user.toString(), "--json");
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].startsWith("{") && r[1].contains("\"accuracy\":") && r[1].contains("\"gateToLe\":"));
        r = run("predict", "--model", out.toString(), "--image", user.resolve("O/o1.png").toString());
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].contains("label ") && r[1].contains("gate "));
    }

    private Path personalMixture() throws Exception {
        Path user = dir.resolve("mixuser");
        for (int i = 0; i < 4; i++) {
            digit(user.resolve("1/s" + i + ".png"), i);
            digit(user.resolve("7/s" + i + ".png"), i + 2);
        }
        Path replay = dir.resolve("replay2.bin");
        ReplaySample.write(MoeTestModels.noiseDigits(40, 4), replay);
        Path out = dir.resolve("mixture.tflite");
        String[] r = run("personalize", "--ge", ge.toString(), "--user-data", user.toString(), "--out", out.toString(),
                "--replay", replay.toString(), "--folds", "2");
        assertEquals(r[2], "0", r[0]);
        return out;
    }
}
