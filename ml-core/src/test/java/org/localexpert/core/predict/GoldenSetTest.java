package org.localexpert.core.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;

/** Which replay inputs become the golden set. */
public class GoldenSetTest {
    /** 6 classes; class c has inputs whose single value is 10·c + n (n-th of its class), stored class by class in reverse. */
    private static Dataset replay() {
        List<Example> ex = new ArrayList<>();
        for (int c = 5; c >= 0; c--) for (int n = 0; n < 3; n++) ex.add(new Example(new float[] {10 * c + n}, new int[] {1}, c));
        return new Dataset(ex, Arrays.asList("a", "b", "c", "d", "e", "f"), new int[] {1});
    }

    @Test
    public void firstInputOfClassesSpreadOverTheLabels() {
        Dataset r = replay();
        Dataset three = GoldenSet.select(r, 3);
        assertEquals(3, three.size());
        // classes 0, 2, 4 (⌊i·6/3⌋), each its first stored input
        assertEquals(0f, three.get(0).features()[0], 0f);
        assertEquals(20f, three.get(1).features()[0], 0f);
        assertEquals(40f, three.get(2).features()[0], 0f);
        assertEquals(r.labelNames(), three.labelNames());
        Dataset all = GoldenSet.select(r, 6);
        for (int c = 0; c < 6; c++) assertEquals(c, all.get(c).label());
        Dataset four = GoldenSet.select(r, 4); // ⌊0⌋, ⌊1.5⌋, ⌊3⌋, ⌊4.5⌋
        assertEquals(Arrays.asList(0, 1, 3, 4), Arrays.asList(four.get(0).label(), four.get(1).label(), four.get(2).label(), four.get(3).label()));
        assertSame("the replay's own inputs, not copies", r.get(15), four.get(0));
    }

    @Test(expected = IllegalArgumentException.class)
    public void noMoreThanOnePerClass() {
        GoldenSet.select(replay(), 7);
    }
}
