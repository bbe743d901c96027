package org.localexpert.cli;

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
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataLocation;

/**
 * {@code predict} on photo models (through core.predict.Classifier) and {@code personalize} with the
 * plant GE on a farm's photo folder.
 */
public class PlantPredictTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    private static File shipped(String name) {
        File f = new File("../models/plant/" + name);
        return f.isFile() ? f : new File("models/plant/" + name);
    }

    private static File plantGe() {
        File ge = shipped("plant-ge.tflite");
        Assume.assumeTrue("the shipped plant GE is not here: " + ge.getAbsolutePath(), ge.isFile());
        return ge;
    }

    @Test
    public void predictNamesTheDiseaseOfALeafPhotoAndWhoAnswered() throws Exception {
        File ge = plantGe();
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        File photo = firstPhoto(new File(DataLocation.require(DataLocation.SUGARCANE_ROSHITAB), "Healthy"));
        String[] r = run("predict", "--model", ge.getPath(), "--image", photo.getPath());
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].startsWith("label "));
        assertTrue(r[1], r[1].contains("probability ") && r[1].contains("answered by the global expert"));
        assertTrue(r[1], r[1].contains("no personal model"));
    }

    @Test
    public void predictSaysUnsureForAUniformColourImage() throws Exception {
        File ge = plantGe();
        File grey = tmp.newFile("wall.png");
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x808080));
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        ImageIO.write(img, "png", grey);
        String[] r = run("predict", "--model", ge.getPath(), "--image", grey.getPath());
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].contains("unsure: "));
        // the threshold flag still applies to photos; a bad value is a one-line user error
        r = run("predict", "--model", ge.getPath(), "--image", grey.getPath(), "--unsure-below", "2");
        assertEquals("2", r[0]);
        assertTrue(r[2], r[2].contains("--unsure-below must be a probability"));
    }

    /**
     * {@code evaluate} reads a photo folder at the plant GE's own input size (it once loaded every folder as
     * 28x28 handwriting and refused the plant GE), maps RedRust to Rust, and refuses a folder it cannot map.
     */
    @Test
    public void evaluateScoresAFarmFolderAtTheGesInputSize() throws Exception {
        File ge = plantGe();
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        Path user = farmFolder(3);
        String[] r = run("evaluate", "--model", ge.getPath(), "--data", user.toString(), "--label-map", "RedRust=Rust", "--json");
        assertEquals(r[2], "0", r[0]);
        double accuracy = Double.parseDouble(r[1].replaceAll("(?s).*\"accuracy\":([0-9.]+).*", "$1"));
        assertTrue(r[1], accuracy >= 0 && accuracy <= 1);
        assertTrue("3 photos of each of the 3 folders: " + r[1], r[1].startsWith("{\"samples\":9,"));
        assertTrue("RedRust's photos count as Rust: " + r[1], r[1].contains("{\"label\":\"Rust\",") && r[1].matches("(?s).*\"label\":\"Rust\",[^}]*\"support\":3}.*"));
        r = run("evaluate", "--model", ge.getPath(), "--data", user.toString());
        assertEquals("RedRust is not a GE class without the map", "2", r[0]);
        assertTrue(r[2], r[2].contains("RedRust"));
        assertEquals(r[2], 1, r[2].trim().split("\n").length);
    }

    /** {@code perClass} photos of each RoshitaB class (first by name) in a temporary farm folder. */
    private Path farmFolder(int perClass) throws Exception {
        File farm = DataLocation.require(DataLocation.SUGARCANE_ROSHITAB);
        Path user = tmp.newFolder().toPath();
        for (String cls : new String[] {"Healthy", "RedRot", "RedRust"}) {
            File[] photos = new File(farm, cls).listFiles();
            Arrays.sort(photos);
            Files.createDirectories(user.resolve(cls));
            for (int i = 0; i < perClass; i++) Files.copy(photos[i].toPath(), user.resolve(cls).resolve(photos[i].getName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return user;
    }

    /** A farmer's folder (RedRust mapped to Rust) → a plant mixture that predict reads, with a gate and a plant-domain abstention. */
    @Test
    public void personalizeWritesAFarmMixtureThatPredictReads() throws Exception {
        File ge = plantGe();
        File replay = shipped("replay.bin");
        Assume.assumeTrue("the shipped plant replay sample is not here: " + replay.getAbsolutePath(), replay.isFile());
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        Path user = farmFolder(4);
        Path out = tmp.getRoot().toPath().resolve("farm.tflite");
        String[] r = run("personalize", "--ge", ge.getPath(), "--user-data", user.toString(), "--out", out.toString(),
                "--label-map", "RedRust=Rust", "--folds", "2");
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].contains("cross-validation") && r[1].contains("Rust 4"));
        assertFalse(r[1], r[1].contains("(new classes:"));
        assertTrue(Files.size(out) > 0);
        r = run("predict", "--model", out.toString(), "--image", user.resolve("RedRot").toFile().listFiles()[0].getPath());
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].contains("label ") && r[1].contains("gate "));
        File grey = tmp.newFile("grey.png");
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x20A020));
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ImageIO.write(img, "png", grey);
        r = run("predict", "--model", out.toString(), "--image", grey.getPath());
        assertEquals(r[2], "0", r[0]);
        assertTrue("a uniform green image is not a leaf photo, also for the farm's mixture: " + r[1], r[1].contains("unsure: "));
        // A farm folder with new labels is taught as new classes, a single class is refused.
        Path one = tmp.newFolder("one").toPath();
        Files.createDirectories(one.resolve("Healthy"));
        for (File f : user.resolve("Healthy").toFile().listFiles()) Files.copy(f.toPath(), one.resolve("Healthy").resolve(f.getName()));
        r = run("personalize", "--ge", ge.getPath(), "--user-data", one.toString(), "--out", tmp.getRoot().toPath().resolve("x.tflite").toString());
        assertEquals("2", r[0]);
        assertEquals(r[2], 1, r[2].trim().split("\n").length);
    }

    private static File firstPhoto(File dir) {
        File[] files = dir.listFiles((d, n) -> n.toLowerCase().endsWith(".jpg") || n.toLowerCase().endsWith(".png"));
        Assume.assumeTrue("no photos in " + dir, files != null && files.length > 0);
        Arrays.sort(files);
        return files[0];
    }

    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8),
                new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }
}
