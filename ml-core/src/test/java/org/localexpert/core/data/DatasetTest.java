package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class DatasetTest {
    /** n examples of shape [2,2,1]; example i has label i % classes (or a skewed distribution) and feature value i. */
    static Dataset synthetic(int[] perClass) {
        List<Example> examples = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int id = 0;
        for (int c = 0; c < perClass.length; c++) names.add("c" + c);
        // interleave classes so dataset order is not class order
        int max = Arrays.stream(perClass).max().getAsInt();
        for (int k = 0; k < max; k++) {
            for (int c = 0; c < perClass.length; c++) {
                if (k < perClass[c]) {
                    float v = id++;
                    examples.add(new Example(new float[] {v, v, v, v}, new int[] {2, 2, 1}, c, 100 + c, 0, k, null));
                }
            }
        }
        return new Dataset(examples, names);
    }

    @Test
    public void classCountsAndShape() {
        Dataset d = synthetic(new int[] {5, 3, 7});
        assertArrayEquals(new int[] {5, 3, 7}, d.classCounts());
        assertArrayEquals(new int[] {2, 2, 1}, d.shape());
        assertEquals(15, d.size());
        assertEquals(4, d.featureSize());
    }

    @Test
    public void batchStacksExamplesIntoNhwc() {
        Dataset d = synthetic(new int[] {2, 2});
        Batch b = d.batch(new int[] {3, 0, 2}, 0, 3);
        assertArrayEquals(new int[] {3, 2, 2, 1}, b.inputs().shape());
        assertArrayEquals(new int[] {d.get(3).label(), d.get(0).label(), d.get(2).label()}, b.labels());
        assertEquals(3f, b.inputs().data()[0], 0f);
        assertEquals(0f, b.inputs().data()[4], 0f);
        assertEquals(2f, b.inputs().data()[11], 0f);
        assertEquals(4, d.toBatch().size());
        assertEquals(2, d.batch(1, 3).size());
        try {
            d.batch(new int[] {0, 1}, 1, 3);
            fail();
        } catch (IndexOutOfBoundsException expected) {
            assertTrue(expected.getMessage().contains("[1, 3)"));
        }
    }

    @Test
    public void stratifiedSplitIsDisjointCompleteStratifiedAndDeterministic() {
        Dataset d = synthetic(new int[] {100, 40, 61});
        List<Dataset> parts = d.stratifiedSplit(7L, 0.7, 0.15, 0.15);
        assertEquals(3, parts.size());
        Set<Float> seen = new HashSet<>();
        int total = 0;
        for (Dataset p : parts) {
            for (Example e : p.examples()) assertTrue("example in two parts", seen.add(e.features()[0]));
            total += p.size();
        }
        assertEquals(d.size(), total);
        int[] counts = d.classCounts();
        double[] fractions = {0.7, 0.15, 0.15};
        for (int p = 0; p < 3; p++) {
            int[] pc = parts.get(p).classCounts();
            for (int c = 0; c < counts.length; c++) {
                assertEquals("part " + p + " class " + c, fractions[p] * counts[c], pc[c], 1.0);
            }
        }
        List<Dataset> again = d.stratifiedSplit(7L, 0.7, 0.15, 0.15);
        for (int p = 0; p < 3; p++) assertEquals(features(parts.get(p)), features(again.get(p)));
        List<Dataset> other = d.stratifiedSplit(8L, 0.7, 0.15, 0.15);
        assertTrue("another seed gives another split", !features(parts.get(1)).equals(features(other.get(1))));
    }

    @Test
    public void splitRejectsBadFractions() {
        Dataset d = synthetic(new int[] {3, 3});
        try {
            d.stratifiedSplit(1L, 0.5, 0.4);
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("sum to 1"));
        }
    }

    @Test
    public void shuffledIndicesArePermutationsFixedBySeed() {
        Dataset d = synthetic(new int[] {10, 10});
        int[] a = d.shuffledIndices(3), b = d.shuffledIndices(3), c = d.shuffledIndices(4);
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
    }

    @Test
    public void subsetFilterConcatAndByWriter() {
        Dataset d = synthetic(new int[] {4, 2});
        assertEquals(2, d.subset(new int[] {0, 5}).size());
        Dataset c1 = d.filter(e -> e.label() == 1);
        assertArrayEquals(new int[] {0, 2}, c1.classCounts());
        assertEquals(d.size() + c1.size(), d.concat(c1).size());
        assertEquals(2, d.byWriter().size());
        assertEquals(4, d.byWriter().get(100).size());
    }

    @Test
    public void rejectsMismatchedShapesAndLabels() {
        List<Example> examples = Arrays.asList(new Example(new float[4], new int[] {2, 2, 1}, 0),
                new Example(new float[3], new int[] {3, 1, 1}, 0));
        try {
            new Dataset(examples, Arrays.asList("a"));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("shape"));
        }
        try {
            new Dataset(Arrays.asList(new Example(new float[4], new int[] {2, 2, 1}, 3)), Arrays.asList("a"));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("label index 3"));
        }
    }

    private static List<Float> features(Dataset d) {
        List<Float> f = new ArrayList<>();
        for (Example e : d.examples()) f.add(e.features()[0]);
        return f;
    }
}
