package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Tensor;

public class PoolingTest {
    /** Distinct values at least 0.05 apart, so max pooling has no ties a finite difference could flip. */
    static Tensor distinct(Random rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) order.add(i);
        Collections.shuffle(order, rng);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (order.get(i) - t.size() / 2f) * 0.05f;
        return t;
    }

    @Test
    public void maxPoolForwardAndGradientRoute() {
        // 1 sample, 3x3, 1 channel, 2x2 pool stride 2 SAME → 2x2 output; bottom/right windows are partial.
        Tensor x = Tensor.of(new float[] {1, 5, 2, 4, 3, 9, 7, 8, 6}, 1, 3, 3, 1);
        MaxPool2D p = new MaxPool2D("pool", 2, 2, Padding.SAME);
        assertArrayEquals(new float[] {5, 9, 8, 6}, p.forward(x, false).data(), 0f);
        Tensor dx = p.backward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1))[0];
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 2, 0, 3, 4}, dx.data(), 0f);
    }

    @Test
    public void maxPoolGradients() {
        Random rng = new Random(1);
        GradientCheck.check(new MaxPool2D("p", 2, 0, Padding.VALID), true, distinct(rng, 2, 6, 4, 3));
        GradientCheck.check(new MaxPool2D("p", 3, 2, Padding.SAME), true, distinct(rng, 2, 7, 5, 2));
    }

    @Test
    public void averagePoolSameDividesByValidCellsOnly() {
        // 3x3 input, 2x2 window stride 2 SAME: the last column/row windows cover 2 or 1 real cells.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        AveragePool2D p = new AveragePool2D("avg", 2, 2, Padding.SAME);
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, p.forward(x, false).data(), 1e-6f);
    }

    @Test
    public void averagePoolGradients() {
        Random rng = new Random(2);
        GradientCheck.check(new AveragePool2D("a", 3, 2, Padding.SAME), true, GradientCheck.random(rng, 0f, 2, 7, 6, 3));
        GradientCheck.check(new AveragePool2D("a", 2, 3, 1, 2, Padding.VALID), true, GradientCheck.random(rng, 0f, 2, 5, 7, 2));
    }

    @Test
    public void globalAveragePool() {
        Random rng = new Random(3);
        Tensor x = GradientCheck.random(rng, 0f, 2, 3, 4, 5);
        GlobalAveragePool g = new GlobalAveragePool("gap");
        Tensor y = g.forward(x, false);
        assertArrayEquals(new int[] {2, 5}, y.shape());
        double s = 0;
        for (int i = 0; i < 12; i++) s += x.data()[i * 5 + 2];
        assertEquals(s / 12, y.data()[2], 1e-6);
        GradientCheck.check(g, true, x);
        GlobalAveragePool keep = new GlobalAveragePool("gap", true);
        assertArrayEquals(new int[] {2, 1, 1, 5}, keep.forward(x, false).shape());
        GradientCheck.check(keep, true, x);
    }
}
