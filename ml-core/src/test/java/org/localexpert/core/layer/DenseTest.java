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
    public void aHeadOfFewUnitsGetsTheSameBitsAsAWideLayer() {
        // Up to 16 units take the dot-product path at any batch size, 17 the packed GEMM: the first units of a
        // 17-unit layer and a layer of just those units must agree bit for bit, at batch sizes that leave every
        // kind of remainder (rows past the last pair or eight, units past the last four) and with zero features.
        Dense wide = dense(37, 17, Activation.RELU, 7);
        for (int units : new int[] {1, 3, 4, 6, 10, 16}) {
            Dense head = new Dense("head", 37, units, Activation.RELU);
            System.arraycopy(wide.weights().value().data(), 0, head.weights().value().data(), 0, units * 37);
            System.arraycopy(wide.bias().value().data(), 0, head.bias().value().data(), 0, units);
            for (int n : new int[] {3, 8, 13, 32}) {
                Tensor x = GradientCheck.random(new Random(n), 0f, n, 37);
                for (int i = 0; i < x.size(); i += 3) x.data()[i] = 0f;
                float[] all = wide.forward(x, false).data(), few = head.forward(x, false).data();
                for (int i = 0; i < n; i++) {
                    for (int u = 0; u < units; u++) {
                        assertEquals(units + " units, batch " + n + ", row " + i + ", unit " + u,
                                Float.floatToRawIntBits(all[i * 17 + u]), Float.floatToRawIntBits(few[i * units + u]));
                    }
                }
            }
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
