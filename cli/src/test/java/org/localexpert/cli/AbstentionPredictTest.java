package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code predict} says "unsure" and why when the top probability is under the threshold. */
public class AbstentionPredictTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void predictPrintsUnsureWithTheReasonOnlyBelowTheThreshold() throws Exception {
        File ge = new File("../models/handwriting/handwriting-ge.tflite");
        if (!ge.isFile()) ge = new File("models/handwriting/handwriting-ge.tflite");
        Assume.assumeTrue("the shipped handwriting GE is not here: " + ge.getAbsolutePath(), ge.isFile());
        File image = tmp.newFile("seven.png");
        BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 56);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(5));
        g.drawLine(12, 10, 44, 10);
        g.drawLine(44, 10, 22, 48);
        g.dispose();
        ImageIO.write(img, "png", image);

        String[] r = run("predict", "--model", ge.getPath(), "--image", image.getPath(), "--unsure-below", "1");
        assertEquals(r[1], "0", r[0]);
        assertTrue(r[1], r[1].contains("unsure: low confidence "));
        assertTrue(r[1], r[1].contains(" < 1.00"));
        r = run("predict", "--model", ge.getPath(), "--image", image.getPath(), "--unsure-below", "0");
        assertEquals(r[1], "0", r[0]);
        assertFalse(r[1], r[1].contains("unsure"));
        r = run("predict", "--model", ge.getPath(), "--image", image.getPath(), "--unsure-below", "1.5");
        assertEquals("2", r[0]);
        assertTrue(r[2], r[2].contains("--unsure-below must be a probability"));
    }

    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8),
                new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }
}
