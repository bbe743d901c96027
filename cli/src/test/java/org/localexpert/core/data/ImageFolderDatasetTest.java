package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.host.ImageIoDecoder;

public class ImageFolderDatasetTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ImageDecoder decoder = new ImageIoDecoder();

    private ImageFolderDataset.Options handwriting() {
        return new ImageFolderDataset.Options(new HandwritingImages(), decoder);
    }

    /** A digit-like drawing, black ink on white paper, 60x80, as a user's scan would be. */
    private static BufferedImage drawing(int variant) {
        Stroke s = new Stroke(new float[] {15 + variant, 10, 45, 12, 25 + variant, 70}, 6);
        GreyImage ink = StrokeRasterizer.rasterize(Collections.singletonList(s), 60, 80);
        BufferedImage img = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 60; x++) {
                int v = 255 - Math.round(ink.get(x, y) * 255);
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    private File image(File dir, String name, int variant) throws IOException {
        dir.mkdirs();
        File f = new File(dir, name);
        String lower = name.toLowerCase();
        ImageIO.write(drawing(variant), lower.endsWith("png") ? "png" : "jpg", f);
        return f;
    }

    private File userFolder() throws IOException {
        File root = tmp.newFolder("user");
        image(new File(root, "7"), "a.png", 0);
        image(new File(root, "7"), "b.PNG", 1);
        image(new File(root, "7"), "c.JPEG", 2);
        image(new File(root, "x"), "1.jpg", 3);
        image(new File(root, "x"), "2.Jpg", 4);
        // things that must be ignored
        image(new File(root, "x"), ".hidden.png", 5);
        image(new File(root, ".git"), "d.png", 6);
        image(new File(root, "x/sub"), "e.png", 7);
        new File(root, "x/notes.txt").createNewFile();
        new File(root, "README.png").createNewFile();
        return root;
    }

    @Test
    public void loadsClassFoldersWithCaseInsensitiveExtensionsAndSkipsTheRest() throws IOException {
        File root = userFolder();
        AtomicInteger calls = new AtomicInteger();
        ImageFolderDataset loaded = ImageFolderDataset.load(root, handwriting().progress((done, total) -> {
            calls.incrementAndGet();
            assertEquals(5, total);
        }));
        Dataset d = loaded.dataset();
        assertEquals(Arrays.asList("7", "x"), d.labelNames());
        assertArrayEquals(new int[] {3, 2}, d.classCounts());
        assertArrayEquals(new int[] {28, 28, 1}, d.shape());
        assertEquals(5, calls.get());
        assertTrue(d.get(0).source().endsWith("a.png"));
        assertTrue(loaded.skipped().isEmpty());
        // the MNIST recipe ran: ink white on black, centred
        double[] com = HandwritingPreprocessorTest.centreOfMass(d.get(0).features());
        assertEquals(14, com[0], 0.5);
        assertEquals(14, com[1], 0.5);
        // deterministic
        Dataset again = ImageFolderDataset.load(root, handwriting()).dataset();
        for (int i = 0; i < d.size(); i++) assertArrayEquals(d.get(i).features(), again.get(i).features(), 0f);
    }

    @Test
    public void photoDomainGivesSquareRgb() throws IOException {
        File root = userFolder();
        Dataset d = ImageFolderDataset.load(root, new ImageFolderDataset.Options(new PhotoPreprocessor(16), decoder)).dataset();
        assertArrayEquals(new int[] {16, 16, 3}, d.shape());
        assertEquals(5, d.size());
        // white paper stays white in the corner
        assertEquals(1f, d.get(0).features()[0], 0.02f);
    }

    @Test
    public void labelMapRenamesAndMergesFolders() throws IOException {
        File root = tmp.newFolder("farm");
        image(new File(root, "Rust"), "a.png", 0);
        image(new File(root, "RedRust"), "b.png", 1);
        image(new File(root, "Healthy"), "c.png", 2);
        Map<String, String> map = ImageFolderDataset.parseLabelMap(Collections.singletonList("RedRust=Rust"));
        Dataset d = ImageFolderDataset.load(root, handwriting().labelMap(map)).dataset();
        assertEquals(Arrays.asList("Healthy", "Rust"), d.labelNames());
        assertArrayEquals(new int[] {1, 2}, d.classCounts());
        expectError(() -> ImageFolderDataset.parseLabelMap(Collections.singletonList("RedRust")), "FOLDER=LABEL");
        expectError(() -> ImageFolderDataset.parseLabelMap(Arrays.asList("A=B", "A=C")), "twice");
        expectError(() -> ImageFolderDataset.load(root, handwriting().labelMap(ImageFolderDataset.parseLabelMap(
                Collections.singletonList("Mosaic=Rust")))), "no such folder");
    }

    @Test
    public void fixedLabelsRefuseOrAppendUnknownLabels() throws IOException {
        File root = userFolder();
        List<String> digits = Mnist.LABELS;
        expectError(() -> ImageFolderDataset.load(root, handwriting().labels(digits, false)), "label 'x'");
        Dataset d = ImageFolderDataset.load(root, handwriting().labels(digits, true)).dataset();
        assertEquals(11, d.numClasses());
        assertEquals("x", d.labelNames().get(10));
        assertEquals(7, d.get(0).label());
    }

    @Test
    public void badFoldersGiveOneLineErrors() throws IOException {
        expectError(() -> ImageFolderDataset.load(new File(tmp.getRoot(), "absent"), handwriting()), "folder not found");
        File empty = tmp.newFolder("empty");
        expectError(() -> ImageFolderDataset.load(empty, handwriting()), "folder is empty");
        File flat = tmp.newFolder("flat");
        image(flat, "a.png", 0);
        expectError(() -> ImageFolderDataset.load(flat, handwriting()), "no class folders");
        File noImages = tmp.newFolder("noimages");
        new File(noImages, "a").mkdir();
        new File(noImages, "a/readme.txt").createNewFile();
        expectError(() -> ImageFolderDataset.load(noImages, handwriting()), "no images");
        File single = tmp.newFolder("single");
        image(new File(single, "3"), "a.png", 0);
        expectError(() -> ImageFolderDataset.load(single, handwriting().minClasses(2)), "only one class ('3')");
        File few = userFolder();
        expectError(() -> ImageFolderDataset.load(few, handwriting().minPerClass(3)), "class 'x' has 2 image(s)");
        File control = tmp.newFolder("control");
        image(new File(control, "bad\u0007name"), "a.png", 0);
        expectError(() -> ImageFolderDataset.load(control, handwriting()), "control character");
        expectError(() -> ImageFolderDataset.parseLabelMap(Collections.singletonList("a=b/c")), "path separator");
    }

    @Test
    public void unreadableImagesFailNamingTheFileOrAreSkippedAndCounted() throws IOException {
        File root = userFolder();
        File broken = new File(root, "x/broken.png");
        try (FileOutputStream out = new FileOutputStream(broken)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        }
        File blank = new File(root, "7/blank.png");
        ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), "png", blank);
        expectError(() -> ImageFolderDataset.load(root, handwriting()), "blank.png");
        ImageFolderDataset loaded = ImageFolderDataset.load(root, handwriting().skipUnreadable(true));
        assertEquals(2, loaded.skipped().size());
        assertEquals(5, loaded.dataset().size());
        assertTrue(loaded.skipped().get(1), loaded.skipped().get(1).contains("broken.png"));
        // skipping may leave a class too small
        expectError(() -> ImageFolderDataset.load(root, handwriting().skipUnreadable(true).minPerClass(3)), "class 'x' has 2 readable");
    }

    @Test
    public void loadsTheRealFarmSetWithTheLabelMap() {
        assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        ImageFolderDataset loaded = ImageFolderDataset.load(DataLocation.require(DataLocation.SUGARCANE_ROSHITAB),
                new ImageFolderDataset.Options(new PhotoPreprocessor(32), decoder)
                        .labelMap(ImageFolderDataset.parseLabelMap(Collections.singletonList("RedRust=Rust"))).minClasses(2));
        Dataset d = loaded.dataset();
        assertEquals(Arrays.asList("Healthy", "RedRot", "Rust"), d.labelNames());
        assertArrayEquals(new int[] {75, 74, 75}, d.classCounts());
        assertTrue(loaded.skipped().isEmpty());
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void expectError(Action action, String fragment) {
        try {
            action.run();
            fail("expected a DataException containing '" + fragment + "'");
        } catch (DataException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(fragment));
            assertTrue("one line: " + e.getMessage(), !e.getMessage().contains("\n"));
        } catch (Exception e) {
            throw new AssertionError("expected a DataException, got " + e, e);
        }
    }
}
