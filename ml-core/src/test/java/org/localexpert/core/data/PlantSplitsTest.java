package org.localexpert.core.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class PlantSplitsTest {
    /** Membership depends on names only, so the real folders are listed without decoding a pixel. */
    private static Dataset listOnly(String set) {
        ImagePreprocessor names = new ImagePreprocessor() {
            @Override
            public int[] shape() {
                return new int[] {1, 1, 1};
            }

            @Override
            public int decodeTarget() {
                return 1;
            }

            @Override
            public float[] apply(DecodedImage image) {
                return new float[1];
            }
        };
        ImageDecoder noDecode = (file, target) -> new DecodedImage(new int[1], 1, 1);
        return ImageFolderDataset.load(DataLocation.require(set), new ImageFolderDataset.Options(names, noDecode)).dataset();
    }

    private static Dataset synthetic(int... perClass) {
        List<Example> examples = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            labels.add("class" + c);
            for (int i = 0; i < perClass[c]; i++) examples.add(new Example(new float[1], new int[] {1, 1, 1}, c, "/d/class" + c + "/img" + i + ".jpg"));
        }
        return new Dataset(examples, labels);
    }

    @Test
    public void syntheticSplitIsStratifiedDisjointCompleteAndIndependentOfLoadOrder() {
        Dataset d = synthetic(100, 41, 7, 1);
        PlantSplits.Split s = PlantSplits.split(d, 5);
        checkSplit(d, s);
        // reversed load order: same members
        List<Example> reversed = new ArrayList<>(d.examples());
        Collections.reverse(reversed);
        PlantSplits.Split r = PlantSplits.split(new Dataset(reversed, d.labelNames()), 5);
        assertEquals(sorted(names(s.test())), sorted(names(r.test())));
        assertEquals(sorted(names(s.validation())), sorted(names(r.validation())));
        // one file removed: every other file stays in its part
        Dataset fewer = d.filter(e -> !e.source().endsWith("class0/img3.jpg"));
        PlantSplits.Split f = PlantSplits.split(fewer, 5);
        Set<String> moved = new HashSet<>(names(f.test()));
        moved.removeAll(names(s.test()));
        assertTrue("files that moved into test: " + moved, moved.size() <= 1);
        // another seed, another split
        assertTrue(!names(s.test()).equals(names(PlantSplits.split(d, 6).test())));
    }

    @Test
    public void daphalSplitIsFixedStratifiedAndDisjoint() {
        assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_DAPHAL), DataLocation.has(DataLocation.SUGARCANE_DAPHAL));
        Dataset d = listOnly(DataLocation.SUGARCANE_DAPHAL);
        assertEquals(2521, d.size());
        PlantSplits.Split s = PlantSplits.daphal(d);
        checkSplit(d, s);
        PlantSplits.Split again = PlantSplits.daphal(listOnly(DataLocation.SUGARCANE_DAPHAL));
        assertEquals(names(s.test()), names(again.test()));
        assertEquals(names(s.train()), names(again.train()));
        // pinned: the published numbers are on exactly this test split; changing it must be deliberate
        assertEquals("daphal test split changed", "ebc930ba36b403f1", Long.toHexString(fingerprint(s.test())));
        System.out.println("sugarcane-daphal split: train " + s.train().size() + " " + Arrays.toString(s.train().classCounts())
                + ", validation " + s.validation().size() + " " + Arrays.toString(s.validation().classCounts())
                + ", test " + s.test().size() + " " + Arrays.toString(s.test().classCounts()));
    }

    @Test
    public void tomatoSplitIsFixedStratifiedAndDisjoint() {
        assumeTrue(DataLocation.missingMessage(DataLocation.PLANTVILLAGE_TOMATO), DataLocation.has(DataLocation.PLANTVILLAGE_TOMATO));
        Dataset d = listOnly(DataLocation.PLANTVILLAGE_TOMATO);
        assertEquals(1600, d.size());
        PlantSplits.Split s = PlantSplits.tomato(d);
        checkSplit(d, s);
        assertEquals(names(s.test()), names(PlantSplits.tomato(listOnly(DataLocation.PLANTVILLAGE_TOMATO)).test()));
        assertEquals("tomato test split changed", "a8983c26e239de9a", Long.toHexString(fingerprint(s.test())));
        System.out.println("plantvillage-tomato split: train " + s.train().size() + ", validation " + s.validation().size()
                + ", test " + s.test().size() + " " + Arrays.toString(s.test().classCounts()));
    }

    @Test
    public void farmDrawsTakeKPerClassAndDifferByDraw() {
        Dataset farm = synthetic(75, 74, 75);
        for (int k : new int[] {5, 10, 20}) {
            PlantSplits.FarmDraw a = PlantSplits.farmDraw(farm, k, 0);
            for (int count : a.personalization().classCounts()) assertEquals(k, count);
            assertEquals(farm.size(), a.personalization().size() + a.heldOut().size());
            Set<String> overlap = new HashSet<>(names(a.personalization()));
            overlap.retainAll(names(a.heldOut()));
            assertTrue(overlap.isEmpty());
            assertEquals(names(a.personalization()), names(PlantSplits.farmDraw(farm, k, 0).personalization()));
            assertTrue(!names(a.personalization()).equals(names(PlantSplits.farmDraw(farm, k, 1).personalization())));
        }
        try {
            PlantSplits.farmDraw(synthetic(5, 30), 5, 0);
            throw new AssertionError("a class with only k photos must be refused");
        } catch (DataException expected) {
            assertTrue(expected.getMessage().contains("class0"));
        }
    }

    private static void checkSplit(Dataset d, PlantSplits.Split s) {
        assertEquals(d.size(), s.train().size() + s.validation().size() + s.test().size());
        Set<String> all = new HashSet<>();
        for (Dataset part : Arrays.asList(s.train(), s.validation(), s.test())) {
            for (Example e : part.examples()) assertTrue("in two parts: " + e.source(), all.add(e.source()));
        }
        int[] counts = d.classCounts();
        double[] fractions = {0.70, 0.15, 0.15};
        List<Dataset> parts = Arrays.asList(s.train(), s.validation(), s.test());
        for (int p = 0; p < 3; p++) {
            int[] pc = parts.get(p).classCounts();
            for (int c = 0; c < counts.length; c++) {
                assertEquals("part " + p + " class " + c, fractions[p] * counts[c], pc[c], 1.0);
            }
        }
    }

    /** Pins the split: a hash of the test part's sorted file names. */
    private static long fingerprint(Dataset part) {
        return PlantSplits.hash(0, String.join("|", sorted(names(part))));
    }

    private static List<String> sorted(List<String> names) {
        Collections.sort(names);
        return names;
    }

    private static List<String> names(Dataset d) {
        List<String> names = new ArrayList<>();
        for (Example e : d.examples()) names.add(new File(e.source()).getName() + "@" + e.label());
        return names;
    }
}
