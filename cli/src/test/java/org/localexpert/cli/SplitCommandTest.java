package org.localexpert.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SplitCommandTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    /** A data folder with a small Daphal-like set of noise photos, two of them byte copies of others, and a farm set. */
    private File dataWithCopies() throws IOException {
        File root = tmp.newFolder("data");
        Random random = new Random(11);
        for (String set : new String[] {"sugarcane-daphal", "sugarcane-roshitab"}) {
            for (String label : new String[] {"Healthy", "Rust"}) {
                File dir = new File(root, set + "/" + label);
                assertTrue(dir.mkdirs());
                for (int i = 0; i < 20; i++) {
                    BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 20; y++) for (int x = 0; x < 20; x++) image.setRGB(x, y, random.nextInt(0xFFFFFF));
                    ImageIO.write(image, "png", new File(dir, "p" + i + ".png"));
                }
            }
        }
        File healthy = new File(root, "sugarcane-daphal/Healthy");
        Files.copy(new File(healthy, "p0.png").toPath(), new File(healthy, "p0, copy.png").toPath());
        Files.copy(new File(healthy, "p1.png").toPath(), new File(healthy, "p1-copy.png").toPath());
        return root;
    }

    @Test
    public void writesOneRowPerPhotoWithCopiesInOnePartAndGroup() throws IOException {
        File root = dataWithCopies();
        File csv = new File(tmp.getRoot(), "out/split.csv");
        String[] r = run("split", "--data", root.getPath(), "--out", csv.getPath());
        assertEquals(r[2], "0", r[0]);
        assertTrue(r[1], r[1].contains("skipped plantvillage-tomato"));
        List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
        assertEquals("set,file,part,group", lines.get(0));
        assertEquals(1 + 42 + 40, lines.size());
        Map<String, String[]> byFile = new HashMap<>();
        int farm = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = fields(line);
            assertEquals(line, 4, f.length);
            byFile.put(f[1], f);
            if (f[2].equals("farm")) farm++;
            else assertTrue(line, f[2].equals("train") || f[2].equals("validation") || f[2].equals("test"));
        }
        assertEquals(40, farm);
        String[] original = byFile.get("sugarcane-daphal/Healthy/p0.png"), copy = byFile.get("sugarcane-daphal/Healthy/p0, copy.png");
        assertEquals("a copy goes where its original goes", original[2], copy[2]);
        assertEquals(original[3], copy[3]);
        assertEquals(byFile.get("sugarcane-daphal/Healthy/p1.png")[2], byFile.get("sugarcane-daphal/Healthy/p1-copy.png")[2]);
        assertTrue("unrelated photos are their own group", !original[3].equals(byFile.get("sugarcane-daphal/Healthy/p5.png")[3]));
    }

    @Test
    public void aFolderWithoutPlantSetsIsAOneLineError() throws IOException {
        String[] r = run("split", "--data", tmp.newFolder("empty").getPath(), "--out", new File(tmp.getRoot(), "s.csv").getPath());
        assertEquals("2", r[0]);
        assertTrue(r[2], r[2].startsWith("localexpert split: no plant set in ") && r[2].trim().split("\n").length == 1);
        String[] missing = run("split", "--data", new File(tmp.getRoot(), "nowhere").getPath(), "--out", "s.csv");
        assertEquals("2", missing[0]);
        assertTrue(missing[2], missing[2].contains("data folder not found"));
    }

    /** RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes. */
    private static String[] fields(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out.toArray(new String[0]);
    }

    private static String[] run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
        return new String[] {Integer.toString(code), new String(out.toByteArray(), StandardCharsets.UTF_8),
                new String(err.toByteArray(), StandardCharsets.UTF_8)};
    }
}
