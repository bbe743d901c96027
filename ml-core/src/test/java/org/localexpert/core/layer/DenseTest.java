package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

public class DenseTest {
    private static Dense dense(int in, int units, Activation a, long seed) {
        Dense d = new Dense("fc", in, units, a);
        d.initialize(new Random(seed));
        Random r = new Random(seed + 1);
        for (int i = 0; i < units; i++) d.bias().value().data()[i] = r.nextFloat() - 0.5f;
        return d;
    }

    @Test
    public void forwardIsXTimesWTransposedPlusBias() {
        Dense d = new Dense("fc", 2, 3, Activation.NONE);
        System.arraycopy(new float[] {1, 2, 3, 4, 5, 6}, 0, d.weights().value().data(), 0, 6); // [units=3, in=2]
        System.arraycopy(new float[] {0.5f, -1, 0}, 0, d.bias().value().data(), 0, 3);
        Tensor y = d.forward(Tensor.of(new float[] {1, 1, 2, -1}, 2, 2), false);
        assertArrayEquals(new float[] {3.5f, 6, 11, 0.5f, 1, 4}, y.data(), 0f);
    }

    @Test
    public void oneSampleGetsTheSameBitsAloneAsInABatch() {
        Dense d = dense(40, 7, Activation.RELU, 5); // batches of 1-2 take the dot-product path, larger ones the GEMM
        Tensor batch = GradientCheck.random(new Random(5), 0f, 5, 40);
        float[] all = d.forward(batch, false).data().clone();
        for (int i = 0; i < 5; i++) {
            Tensor one = Tensor.of(java.util.Arrays.copyOfRange(batch.data(), i * 40, (i + 1) * 40), 1, 40);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, i * 7, (i + 1) * 7), d.forward(one, false).data(), 0f);
        }
    }

    @Test
    public void gradients() {
        GradientCheck.check(dense(7, 5, Activation.NONE, 1), true, GradientCheck.random(new Random(1), 0f, 4, 7));
        GradientCheck.check(dense(7, 5, Activation.NONE, 1), true, GradientCheck.random(new Random(1), 0f, 1, 7));
        GradientCheck.check(dense(6, 4, Activation.RELU, 2), true, 1e-3, GradientCheck.random(new Random(2), 0f, 3, 6));
        Tensor big = GradientCheck.random(new Random(3), 0f, 5, 6);
        for (int i = 0; i < big.size(); i++) big.data()[i] *= 6;
        GradientCheck.check(dense(6, 4, Activation.RELU6, 3), true, 1e-3, big);
    }

    @Test
    public void frozenDenseKeepsZeroGradients() {
        Dense d = dense(5, 3, Activation.NONE, 4);
        for (Parameter p : d.parameters()) p.setFrozen(true);
        GradientCheck.check(d, true, GradientCheck.random(new Random(4), 0f, 3, 5));
        for (Parameter p : d.parameters()) for (float g : p.grad().data()) assertEquals(0f, g, 0f);
    }

    @Test
    public void imageInputAsksForFlatten() {
        try {
            new Dense("fc1", 16, 4, Activation.NONE).forward(Tensor.zeros(2, 2, 2, 4), false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("fc1") && e.getMessage().contains("Flatten"));
        }
        try {
            new Dense("fc1", 16, 4, Activation.NONE).forward(Tensor.zeros(2, 15), false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("16 input features") && e.getMessage().contains("[2, 15]"));
        }
    }
}
