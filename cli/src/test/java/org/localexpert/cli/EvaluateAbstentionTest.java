package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataLocation;

/** {@code evaluate} reports the model's own "unsure" rule on a labelled folder and on a folder of inputs of no known class, in one JVM. */
public class EvaluateAbstentionTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    private static File plantGe() {
        File f = new File("../models/plant/plant-ge.tflite");
        return f.isFile() ? f : new File("models/plant/plant-ge.tflite");
    }

    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8), new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }

    @Test
    public void unknownFolderIsSearchedRecursivelyAndEveryNonLeafImageIsFlagged() throws Exception {
        File unknown = tmp.newFolder("unknown");
        File nested = new File(unknown, "a/b");
        nested.mkdirs();
        Random r = new Random(1);
        for (int i = 0; i < 3; i++) {
            BufferedImage im = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = im.createGraphics();
            g.setColor(new Color(40 * i, 90, 200 - 30 * i));
            g.fillRect(0, 0, 64, 48);
            g.dispose();
            ImageIO.write(im, "png", new File(unknown, "uniform" + i + ".png"));
            BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) noise.setRGB(x, y, r.nextInt(1 << 24));
            ImageIO.write(noise, "png", new File(nested, "noise" + i + ".png"));
        }
        Files.write(new File(unknown, "notes.txt").toPath(), "not an image".getBytes(StandardCharsets.UTF_8));
        String[] text = run("evaluate", "--model", plantGe().getPath(), "--unknown", unknown.getPath());
        assertEquals(text[2], "0", text[0]);
        assertTrue(text[1], text[1].contains("unsure: 6 of 6 (100.0 %)"));
        String[] json = run("evaluate", "--model", plantGe().getPath(), "--unknown", unknown.getPath(), "--json");
        assertTrue(json[1], json[1].trim().startsWith("{") && json[1].contains("\"unknownUnsure\":6,\"unknownTotal\":6"));
        String[] neither = run("evaluate", "--model", plantGe().getPath());
        assertEquals("2", neither[0]);
        assertTrue(neither[2], neither[2].contains("--unknown DIR"));
    }

    @Test
    public void labelledFolderReportsUnsureAndAccuracyOnTheAnsweredAsPredictDoes() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        File farm = DataLocation.require(DataLocation.SUGARCANE_ROSHITAB), dir = tmp.newFolder("farm");
        int unsureByPredict = 0, total = 0;
        for (String c : new String[] {"Healthy", "RedRot", "RedRust"}) {
            File[] files = new File(farm, c).listFiles();
            Arrays.sort(files);
            new File(dir, c).mkdirs();
            for (int i = 0; i < 6; i++) {
                File to = new File(dir, c + "/" + files[i].getName());
                Files.copy(files[i].toPath(), to.toPath(), StandardCopyOption.REPLACE_EXISTING);
                String[] p = run("predict", "--model", plantGe().getPath(), "--image", to.getPath());
                assertEquals(p[2], "0", p[0]);
                if (p[1].contains("unsure")) unsureByPredict++;
                total++;
            }
        }
        String[] r = run("evaluate", "--model", plantGe().getPath(), "--data", dir.getPath(), "--label-map", "RedRust=Rust");
        assertEquals(r[2], "0", r[0]);
        Matcher m = Pattern.compile("unsure: (\\d+) of (\\d+) \\(([0-9.]+) %\\); accuracy on answered: ([0-9.]+) %").matcher(r[1]);
        assertTrue(r[1], m.find());
        assertEquals("evaluate and predict apply the same rule", unsureByPredict, Integer.parseInt(m.group(1)));
        assertEquals(total, Integer.parseInt(m.group(2)));
    }
}
