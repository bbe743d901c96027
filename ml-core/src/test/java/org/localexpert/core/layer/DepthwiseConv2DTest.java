package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

public class DepthwiseConv2DTest {
    private static DepthwiseConv2D dw(int c, int mult, int k, int s, Padding p, Activation a, long seed) {
        DepthwiseConv2D d = new DepthwiseConv2D("dw", c, mult, k, k, s, s, p, a, true);
        d.initialize(new Random(seed));
        Random r = new Random(seed + 1);
        for (int i = 0; i < c * mult; i++) d.bias().value().data()[i] = r.nextFloat() - 0.5f;
        return d;
    }

    /** Depthwise = a Conv2D whose kernel is zero except between input c and outputs c·mult+m. */
    @Test
    public void forwardEqualsTheEquivalentFullConvolution() {
        Random rng = new Random(1);
        for (int[] ms : new int[][] {{1, 1}, {1, 2}, {3, 1}, {3, 2}}) {
            for (Padding p : Padding.values()) {
                int mult = ms[0], s = ms[1], c = 3, k = 3, oc = c * mult;
                DepthwiseConv2D d = dw(c, mult, k, s, p, Activation.NONE, 2);
                Conv2D full = new Conv2D("full", c, oc, k, k, s, s, p, Activation.NONE, true);
                float[] fk = full.kernel().value().data(), dk = d.kernel().value().data();
                for (int o = 0; o < oc; o++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            fk[((o * k + ky) * k + kx) * c + o / mult] = dk[(ky * k + kx) * oc + o];
                        }
                    }
                }
                System.arraycopy(d.bias().value().data(), 0, full.bias().value().data(), 0, oc);
                Tensor x = GradientCheck.random(rng, 0f, 2, 7, 6, c);
                assertArrayEquals("mult " + mult + " stride " + s + " " + p, full.forward(x, false).data(), d.forward(x, false).data(), 1e-5f);
            }
        }
    }

    @Test
    public void gradientsMultiplier1Stride1Valid() {
        GradientCheck.check(dw(4, 1, 3, 1, Padding.VALID, Activation.NONE, 3), true,
                GradientCheck.random(new Random(2), 0f, 2, 5, 6, 4));
    }

    @Test
    public void gradientsMultiplier3Stride2SameOddSizes() {
        GradientCheck.check(dw(2, 3, 3, 2, Padding.SAME, Activation.NONE, 4), true,
                GradientCheck.random(new Random(3), 0f, 3, 7, 5, 2));
    }

    @Test
    public void gradientsOfTheRowForm() {
        // multiplier 1 takes the row-at-a-time path (DepthwiseRows)
        GradientCheck.check(dw(4, 1, 3, 2, Padding.SAME, Activation.NONE, 11), true,
                GradientCheck.random(new Random(11), 0f, 3, 7, 9, 4));             // stride 2, odd sizes
        GradientCheck.check(dw(5, 1, 3, 1, Padding.SAME, Activation.NONE, 7), true,
                GradientCheck.random(new Random(6), 0f, 3, 5, 7, 5));
        DepthwiseConv2D tall = new DepthwiseConv2D("dw", 2, 1, 3, 5, 2, 1, Padding.SAME, Activation.NONE, true);
        tall.initialize(new Random(8));
        GradientCheck.check(tall, true, GradientCheck.random(new Random(7), 0f, 2, 7, 6, 2));
        DepthwiseConv2D valid = new DepthwiseConv2D("dw", 3, 1, 2, 3, 1, 1, Padding.VALID, Activation.NONE, false);
        valid.initialize(new Random(9));
        GradientCheck.check(valid, true, GradientCheck.random(new Random(8), 0f, 2, 4, 5, 3));
    }

    @Test
    public void rowFormMatchesTheDirectConvolutionWithTallKernelAndVerticalStride() {
        Random rng = new Random(10);
        DepthwiseConv2D d = new DepthwiseConv2D("dw", 2, 1, 3, 5, 2, 1, Padding.SAME, Activation.NONE, true);
        d.initialize(rng);
        Conv2D full = new Conv2D("full", 2, 2, 3, 5, 2, 1, Padding.SAME, Activation.NONE, true);
        float[] fk = full.kernel().value().data(), dk = d.kernel().value().data();
        for (int o = 0; o < 2; o++) for (int t = 0; t < 15; t++) fk[(o * 15 + t) * 2 + o] = dk[t * 2 + o];
        Tensor x = GradientCheck.random(rng, 0f, 2, 7, 6, 2);
        assertArrayEquals(full.forward(x, false).data(), d.forward(x, false).data(), 1e-5f);
    }

    @Test
    public void gradientsWithFusedRelu6() {
        Tensor x = GradientCheck.random(new Random(4), 0f, 2, 5, 5, 3);
        for (int i = 0; i < x.size(); i++) x.data()[i] *= 6;
        GradientCheck.check(dw(3, 2, 3, 1, Padding.SAME, Activation.RELU6, 5), true, 1e-3, x); // per-pixel form
        GradientCheck.check(dw(3, 1, 3, 2, Padding.SAME, Activation.RELU6, 6), true, 1e-3, x); // row form
    }

    @Test
    public void frozenDepthwiseKeepsZeroGradients() {
        for (int mult : new int[] {2, 1}) { // per-pixel form and row form
            DepthwiseConv2D d = dw(3, mult, 3, 1, Padding.SAME, Activation.NONE, 6);
            for (Parameter p : d.parameters()) p.setFrozen(true);
            GradientCheck.check(d, true, GradientCheck.random(new Random(5), 0f, 2, 4, 4, 3));
            for (Parameter p : d.parameters()) for (float g : p.grad().data()) assertEquals(0f, g, 0f);
        }
    }

    @Test
    public void kernelIsStoredInTfliteLayout() {
        DepthwiseConv2D d = new DepthwiseConv2D("d", 4, 2, 3, 1, Padding.SAME, Activation.NONE);
        assertArrayEquals(new int[] {1, 3, 3, 8}, d.kernel().value().shape());
    }
}
