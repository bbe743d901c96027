package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

public class Conv2DTest {
    private static Conv2D conv(int inC, int outC, int kh, int kw, int sh, int sw, Padding p, Activation a, boolean bias, long seed) {
        Conv2D c = new Conv2D("conv", inC, outC, kh, kw, sh, sw, p, a, bias);
        c.initialize(new Random(seed));
        if (bias) {
            Random r = new Random(seed + 1);
            for (int i = 0; i < outC; i++) c.bias().value().data()[i] = r.nextFloat() - 0.5f;
        }
        return c;
    }

    /** Direct 6-loop convolution with TFLite's SAME rule written out independently. */
    static float[] reference(Conv2D c, Tensor x) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), inC = x.dim(3);
        int oh, ow, padT, padL;
        if (c.padding() == Padding.SAME) {
            oh = (int) Math.ceil(h / (double) c.strideH());
            ow = (int) Math.ceil(w / (double) c.strideW());
            padT = Math.max(0, (oh - 1) * c.strideH() + c.kernelH() - h) / 2;
            padL = Math.max(0, (ow - 1) * c.strideW() + c.kernelW() - w) / 2;
        } else {
            oh = (h - c.kernelH()) / c.strideH() + 1;
            ow = (w - c.kernelW()) / c.strideW() + 1;
            padT = padL = 0;
        }
        int outC = c.outChannels();
        float[] k = c.kernel().value().data(), y = new float[n * oh * ow * outC];
        for (int b = 0; b < n; b++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int o = 0; o < outC; o++) {
                        double s = c.bias() == null ? 0 : c.bias().value().data()[o];
                        for (int ky = 0; ky < c.kernelH(); ky++)
                            for (int kx = 0; kx < c.kernelW(); kx++) {
                                int iy = oy * c.strideH() + ky - padT, ix = ox * c.strideW() + kx - padL;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                for (int i = 0; i < inC; i++) {
                                    s += k[((o * c.kernelH() + ky) * c.kernelW() + kx) * inC + i] * x.data()[((b * h + iy) * w + ix) * inC + i];
                                }
                            }
                        if (c.activation() == Activation.RELU) s = Math.max(s, 0);
                        if (c.activation() == Activation.RELU6) s = Math.min(Math.max(s, 0), 6);
                        y[((b * oh + oy) * ow + ox) * outC + o] = (float) s;
                    }
        return y;
    }

    @Test
    public void forwardMatchesDirectConvolutionIncludingTfliteSamePadding() {
        Random rng = new Random(1);
        // odd sizes, stride 2, non-square kernel: total padding odd → the extra row goes after
        Object[][] cases = {
            {7, 9, 3, 5, 3, 3, 2, 2, Padding.SAME, Activation.NONE},
            {6, 6, 2, 4, 3, 3, 2, 2, Padding.SAME, Activation.RELU},
            {8, 5, 3, 2, 5, 2, 1, 2, Padding.VALID, Activation.RELU6},
            {5, 5, 4, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE}, // pointwise path
            {5, 5, 4, 3, 1, 1, 2, 2, Padding.VALID, Activation.NONE}, // strided 1x1
        };
        for (Object[] cs : cases) {
            int h = (int) cs[0], w = (int) cs[1], inC = (int) cs[2], outC = (int) cs[3], kh = (int) cs[4], kw = (int) cs[5];
            int sh = (int) cs[6], sw = (int) cs[7];
            Conv2D c = conv(inC, outC, kh, kw, sh, sw, (Padding) cs[8], (Activation) cs[9], true, 3);
            Tensor x = GradientCheck.random(rng, 0f, 3, h, w, inC);
            float[] y = c.forward(x, false).data();
            assertArrayEquals(java.util.Arrays.toString(cs), reference(c, x), y, 1e-5f);
        }
    }

    @Test
    public void gradientsValidStride1() {
        Random rng = new Random(2);
        GradientCheck.check(conv(3, 4, 3, 3, 1, 1, Padding.VALID, Activation.NONE, true, 5), true,
                GradientCheck.random(rng, 0f, 2, 6, 5, 3));
    }

    @Test
    public void gradientsSameOddSizesStride2NonSquare() {
        Random rng = new Random(3);
        GradientCheck.check(conv(2, 3, 3, 2, 2, 2, Padding.SAME, Activation.NONE, true, 6), true,
                GradientCheck.random(rng, 0f, 3, 7, 9, 2));
    }

    @Test
    public void gradientsWithFusedReluAndRelu6() {
        Random rng = new Random(4);
        GradientCheck.check(conv(2, 3, 3, 3, 1, 1, Padding.SAME, Activation.RELU, true, 7), true, 1e-3,
                GradientCheck.random(rng, 0f, 2, 5, 5, 2));
        Tensor big = GradientCheck.random(rng, 0f, 2, 5, 5, 2);
        for (int i = 0; i < big.size(); i++) big.data()[i] *= 8; // push some outputs above 6
        GradientCheck.check(conv(2, 3, 3, 3, 1, 1, Padding.SAME, Activation.RELU6, false, 8), true, 1e-3, big);
    }

    @Test
    public void gradientsPointwiseAndStridedPointwise() {
        Random rng = new Random(5);
        GradientCheck.check(conv(4, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, 9), true,
                GradientCheck.random(rng, 0f, 2, 3, 4, 4));
        GradientCheck.check(conv(4, 3, 1, 1, 2, 2, Padding.SAME, Activation.NONE, true, 9), true,
                GradientCheck.random(rng, 0f, 2, 5, 4, 4));
    }

    @Test
    public void gradientsOnEveryLoopArrangement() {
        // backward picks its loop order by shape: K ≥ outC or not (weight gradient), K ≥ 64 or not (input gradient)
        Random rng = new Random(15);
        GradientCheck.check(conv(2, 7, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, 13), true,
                GradientCheck.random(rng, 0f, 2, 3, 5, 2));                        // K=2 < outC=7, K < 64
        GradientCheck.check(conv(1, 9, 2, 2, 2, 2, Padding.SAME, Activation.NONE, true, 14), true,
                GradientCheck.random(rng, 0f, 2, 5, 5, 1));                        // K=4 < outC=9, odd size, stride 2
        GradientCheck.check(conv(8, 3, 3, 3, 2, 1, Padding.SAME, Activation.NONE, true, 15), true,
                GradientCheck.random(rng, 0f, 2, 5, 4, 8));                        // K=72 ≥ 64 and ≥ outC
        GradientCheck.check(conv(8, 80, 3, 3, 1, 1, Padding.VALID, Activation.NONE, false, 16), true,
                GradientCheck.random(rng, 0f, 2, 4, 4, 8));                        // K=72 < outC=80, K ≥ 64
    }

    @Test
    public void gradientsWithManySamplesUseSeveralGradientGroups() {
        // 11 samples → 8 groups of unequal size; the partial sums must add up to the full gradient.
        Random rng = new Random(6);
        GradientCheck.check(conv(2, 2, 3, 3, 2, 2, Padding.SAME, Activation.NONE, true, 10), true,
                GradientCheck.random(rng, 0f, 11, 5, 5, 2));
    }

    @Test
    public void frozenConvAccumulatesNothingButStillPassesInputGradients() {
        Random rng = new Random(7);
        Conv2D c = conv(2, 3, 3, 3, 1, 1, Padding.SAME, Activation.NONE, true, 11);
        for (Parameter p : c.parameters()) p.setFrozen(true);
        GradientCheck.check(c, true, GradientCheck.random(rng, 0f, 2, 4, 4, 2)); // checks input grads only
        for (Parameter p : c.parameters()) {
            for (float g : p.grad().data()) assertEquals(0f, g, 0f);
        }
        // Frozen and no input gradient wanted: nothing is computed at all.
        c.forward(GradientCheck.random(rng, 0f, 2, 4, 4, 2), true);
        assertNull(c.backward(Tensor.zeros(2, 4, 4, 3), new boolean[] {false})[0]);
    }

    @Test
    public void backwardAccumulatesIntoParameterGradients() {
        Random rng = new Random(8);
        Conv2D c = conv(2, 2, 3, 3, 1, 1, Padding.SAME, Activation.NONE, true, 12);
        Tensor x = GradientCheck.random(rng, 0f, 2, 4, 4, 2), g = GradientCheck.random(rng, 0f, 2, 4, 4, 2);
        c.forward(x, true);
        c.backward(g);
        float[] once = c.kernel().grad().data().clone();
        c.forward(x, true);
        c.backward(g);
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], c.kernel().grad().data()[i], 1e-5f);
    }

    @Test
    public void shapeErrorsNameTheLayerAndTheShapes() {
        Conv2D c = new Conv2D("conv1", 3, 8, 3, 1, Padding.VALID, Activation.NONE);
        try {
            c.forward(Tensor.zeros(1, 8, 8, 1), false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("conv1") && e.getMessage().contains("3 input channels")
                    && e.getMessage().contains("[1, 8, 8, 1]"));
        }
        try {
            c.forward(Tensor.zeros(1, 2, 2, 3), false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("smaller than the 3x3 kernel"));
        }
        try {
            c.forward(Tensor.zeros(8, 3), false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("rank-4") && e.getMessage().contains("[N, H, W, C]"));
        }
    }

    @Test
    public void kernelIsStoredInTfliteLayout() {
        Conv2D c = new Conv2D("c", 3, 5, 2, 4, 1, 1, Padding.SAME, Activation.NONE, true);
        assertArrayEquals(new int[] {5, 2, 4, 3}, c.kernel().value().shape());
        assertArrayEquals(new int[] {5}, c.bias().value().shape());
        assertEquals("c/kernel", c.kernel().name());
    }
}
