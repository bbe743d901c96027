package org.localexpert.core.layer;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Tensor;

/** The checker itself must catch a wrong gradient, or every other gradient test proves nothing. */
public class GradientCheckTest {
    /** y = x², with backward deliberately off by a factor (1 + error). */
    private static Layer square(float error) {
        return new Layer() {
            Tensor in, out, grad;
            @Override public String name() { return "square"; }
            @Override public int[] outputShape(int[]... s) { return s[0].clone(); }
            @Override public Tensor forward(Tensor[] x, boolean t) {
                in = x[0];
                out = Tensor.reuse(out, in.shape());
                for (int i = 0; i < in.size(); i++) out.data()[i] = in.data()[i] * in.data()[i];
                return out;
            }
            @Override public Tensor[] backward(Tensor g, boolean[] need) {
                grad = Tensor.reuse(grad, in.shape());
                for (int i = 0; i < in.size(); i++) grad.data()[i] = g.data()[i] * 2 * in.data()[i] * (1 + error);
                return new Tensor[] {grad};
            }
            @Override public Layer copy(String n) { return this; }
        };
    }

    @Test
    public void acceptsTheRightGradientAndRejectsAFivePercentError() {
        Tensor x = GradientCheck.random(new Random(1), 0.2f, 4, 6);
        GradientCheck.check(square(0f), true, x);
        try {
            GradientCheck.check(square(0.05f), true, x);
            fail("a 5% gradient error went unnoticed");
        } catch (AssertionError e) {
            assertTrue(e.getMessage(), e.getMessage().contains("analytic"));
        }
    }
}
