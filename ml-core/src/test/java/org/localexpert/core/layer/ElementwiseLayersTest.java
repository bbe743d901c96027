package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Tensor;

/** Activations and the elementwise ops the mixture head uses. */
public class ElementwiseLayersTest {
    private final Random rng = new Random(11);

    @Test
    public void reluAndRelu6() {
        Tensor x = Tensor.of(new float[] {-2, -0.5f, 0.5f, 3, 7, 10}, 1, 6);
        assertArrayEquals(new float[] {0, 0, 0.5f, 3, 7, 10}, new ReLU("r").forward(x, false).data(), 0f);
        assertArrayEquals(new float[] {0, 0, 0.5f, 3, 6, 6}, new ReLU6("r6").forward(x, false).data(), 0f);
        GradientCheck.check(new ReLU("r"), true, GradientCheck.random(rng, 0.05f, 3, 4, 4, 2));
        Tensor big = GradientCheck.random(rng, 0.05f, 3, 20);
        for (int i = 0; i < big.size(); i++) big.data()[i] *= 9; // spans both kinks, 0 and 6
        GradientCheck.check(new ReLU6("r6"), true, big);
    }

    @Test
    public void softmaxSumsToOneAndHasRightGradient() {
        Tensor x = GradientCheck.random(rng, 0f, 4, 5);
        x.data()[0] = 80; // large logits must not overflow
        Tensor y = new Softmax("s").forward(x, false);
        for (int r = 0; r < 4; r++) {
            double s = 0;
            for (int j = 0; j < 5; j++) s += y.data()[r * 5 + j];
            assertEquals(1, s, 1e-6);
        }
        GradientCheck.check(new Softmax("s"), true, GradientCheck.random(rng, 0f, 3, 6));
    }

    @Test
    public void logisticIsStableAndHasRightGradient() {
        Tensor y = new Logistic("g").forward(Tensor.of(new float[] {-1000, 0, 1000}, 3, 1), false);
        assertArrayEquals(new float[] {0, 0.5f, 1}, y.data(), 0f);
        GradientCheck.check(new Logistic("g"), true, GradientCheck.random(rng, 0f, 4, 3));
    }

    @Test
    public void addPassesTheGradientToEveryInput() {
        Tensor a = GradientCheck.random(rng, 0f, 2, 3, 3, 2), b = GradientCheck.random(rng, 0f, 2, 3, 3, 2),
                c = GradientCheck.random(rng, 0f, 2, 3, 3, 2);
        Add add = new Add("add");
        float[] y = add.forward(new Tensor[] {a, b, c}, false).data();
        for (int i = 0; i < y.length; i++) assertEquals(a.data()[i] + b.data()[i] + c.data()[i], y[i], 1e-6f);
        GradientCheck.check(add, true, a, b, c);
        try {
            add.forward(new Tensor[] {a, Tensor.zeros(2, 3, 3, 3)}, false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("add") && e.getMessage().contains("[2, 3, 3, 3]"));
        }
    }

    @Test
    public void multiplyBroadcastsTheGateOverTheClasses() {
        Tensor gate = Tensor.of(new float[] {0.5f, 2}, 2, 1), probs = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Multiply m = new Multiply("mul");
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 8, 10, 12}, m.forward(new Tensor[] {gate, probs}, false).data(), 0f);
        GradientCheck.check(m, true, GradientCheck.random(rng, 0f, 3, 1), GradientCheck.random(rng, 0f, 3, 4));
        GradientCheck.check(new Multiply("m4"), true, GradientCheck.random(rng, 0f, 2, 3, 3, 4), GradientCheck.random(rng, 0f, 4));
        GradientCheck.check(new Multiply("same"), true, GradientCheck.random(rng, 0f, 2, 5), GradientCheck.random(rng, 0f, 2, 5));
        try {
            m.forward(new Tensor[] {Tensor.zeros(2, 2), Tensor.zeros(2, 3)}, false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("do not broadcast"));
        }
    }

    @Test
    public void subtractAndSubtractFrom() {
        Subtract s = new Subtract("sub");
        Tensor a = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2), b = Tensor.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {4, 5, 5, 6}, s.forward(new Tensor[] {a, b}, false).data(), 0f);
        GradientCheck.check(s, true, GradientCheck.random(rng, 0f, 3, 4), GradientCheck.random(rng, 0f, 3, 1));
        SubtractFrom one = new SubtractFrom("oneMinus", 1f);
        assertArrayEquals(new float[] {0.75f}, one.forward(Tensor.of(new float[] {0.25f}, 1, 1), false).data(), 0f);
        GradientCheck.check(one, true, GradientCheck.random(rng, 0f, 4, 1));
    }

    @Test
    public void dropoutIsDeterministicScaledAndIdentityInInference() {
        Tensor x = GradientCheck.random(rng, 0.1f, 8, 64);
        Dropout d1 = new Dropout("drop", 0.25f, 42), d2 = new Dropout("drop", 0.25f, 42);
        float[] y1 = d1.forward(x, true).data().clone(), y2 = d2.forward(x, true).data().clone();
        assertArrayEquals(y1, y2, 0f);
        int dropped = 0;
        for (int i = 0; i < y1.length; i++) {
            if (y1[i] == 0f) dropped++;
            else assertEquals(x.data()[i] / 0.75f, y1[i], 1e-6f);
        }
        assertEquals(0.25, dropped / (double) y1.length, 0.06);
        // the next training call draws a new mask
        float[] y3 = d1.forward(x, true).data();
        boolean differs = false;
        for (int i = 0; i < y1.length; i++) differs |= y1[i] != y3[i];
        assertTrue(differs);
        assertTrue(new Dropout("d", 0.5f, 1).forward(x, false) == x);
        // gradient: fix the mask by resetting the step before every evaluation
        Dropout d = new Dropout("drop", 0.3f, 7);
        Tensor in = GradientCheck.random(rng, 0f, 3, 10);
        GradientCheck.check(new Layer() {
            @Override public String name() { return "dropout-fixed-step"; }
            @Override public int[] outputShape(int[]... s) { return d.outputShape(s); }
            @Override public Tensor forward(Tensor[] i, boolean t) {
                d.state().get("step").data()[0] = 0;
                return d.forward(i, t);
            }
            @Override public Tensor[] backward(Tensor g, boolean[] need) { return d.backward(g, need); }
            @Override public Layer copy(String n) { return this; }
        }, true, in);
    }
}
