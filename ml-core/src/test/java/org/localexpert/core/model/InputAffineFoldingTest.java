package org.localexpert.core.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.GradientCheck;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.tensor.Tensor;

public class InputAffineFoldingTest {

    /** image [h, w, 3] → x·scale + shift (a fixed BatchNorm) → 3×3 stride-2 conv → (optional) pooled. */
    private static Model withInputMap(int h, int w, Padding padding, boolean pooled) {
        Model.Builder b = Model.builder(5);
        Node x = b.input("image", h, w, 3);
        BatchNorm map = new BatchNorm("to_signed", 3);
        float[] scale = {2f, 1.5f, 0.5f}, shift = {-1f, 0.25f, -0.75f};
        for (int c = 0; c < 3; c++) {
            map.gamma().value().data()[c] = scale[c];
            map.beta().value().data()[c] = shift[c];
            map.movingMean().data()[c] = 0f;
            map.movingVariance().data()[c] = 1f - map.epsilon();
        }
        Node y = b.addKeepingWeights(map, x);
        Node c = b.add(new Conv2D("conv0", 3, 4, 3, 2, padding, Activation.RELU6), y);
        Model m = b.build(pooled ? b.add(new GlobalAveragePool("gap"), c) : c);
        Random r = new Random(6);
        float[] bias = ((Conv2D) m.node("conv0").layer()).bias().value().data();
        for (int i = 0; i < bias.length; i++) bias[i] = r.nextFloat() - 0.5f;
        return m;
    }

    private static Tensor image(int n, int h, int w) {
        Tensor t = GradientCheck.random(new Random(7), 0f, n, h, w, 3);
        for (int i = 0; i < t.size(); i++) t.data()[i] = Math.abs(t.data()[i]) % 1f; // photos in [0, 1]
        return t;
    }

    @Test
    public void validConvolutionGivesTheSameOutputsWithoutTheMap() {
        Model m = withInputMap(9, 11, Padding.VALID, false);
        Model folded = m.foldInputAffine();
        for (Layer l : folded.layers()) assertFalse("the map is gone", l instanceof BatchNorm);
        assertEquals("the conv reads the image itself", "image", folded.node("conv0").inputs().get(0).name());
        Tensor in = image(3, 9, 11);
        assertArrayEquals(m.forward(false, in)[0].data().clone(), folded.forward(false, in)[0].data(), 1e-5f);
    }

    @Test
    public void samePaddingChangesOnlyTheOutputsWhoseWindowReadsPadding() {
        // 3×3 stride 2 SAME on 10 × 12: TFLite pads one row below and one column right, nothing above or left.
        Model m = withInputMap(10, 12, Padding.SAME, false);
        Model folded = m.foldInputAffine();
        Tensor in = image(2, 10, 12);
        float[] a = m.forward(false, in)[0].data().clone(), f = folded.forward(false, in)[0].data();
        int oh = 5, ow = 6, ch = 4;
        int changed = 0;
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    boolean border = y == oh - 1 || x == ow - 1;
                    for (int c = 0; c < ch; c++) {
                        int i = ((n * oh + y) * ow + x) * ch + c;
                        if (!border) assertEquals("inside the image at " + y + "," + x, a[i], f[i], 1e-5f);
                        else if (Math.abs(a[i] - f[i]) > 1e-5f) changed++;
                    }
                }
            }
        }
        assertTrue("the border reads the padding: some of its outputs must differ, got " + changed, changed > 0);
    }

    @Test
    public void refusesAModelWithNoMapOnItsInput() {
        Model.Builder b = Model.builder(1);
        Node x = b.input("image", 8, 8, 3);
        Model plain = b.build(b.add(new Conv2D("conv0", 3, 4, 3, 1, Padding.SAME, Activation.NONE), x));
        assertFalse(plain.hasFoldableInputAffine());
        assertTrue(withInputMap(8, 8, Padding.SAME, false).hasFoldableInputAffine());
        try {
            plain.foldInputAffine();
            fail("folded a model without an input map");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("nothing to fold"));
        }
    }

    @Test
    public void keepsTheLayersAfterTheConvolution() {
        Model m = withInputMap(8, 8, Padding.VALID, true);
        Model folded = m.foldInputAffine();
        assertEquals(m.outputs().get(0).name(), folded.outputs().get(0).name());
        Tensor in = image(2, 8, 8);
        assertArrayEquals(m.forward(false, in)[0].data().clone(), folded.forward(false, in)[0].data(), 1e-5f);
    }
}
