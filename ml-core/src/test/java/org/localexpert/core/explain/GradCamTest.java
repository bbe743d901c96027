package org.localexpert.core.explain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.BeforeClass;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.GlobalAveragePool;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.Reshape;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Adam;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;
import org.localexpert.core.train.TrainingResult;

/**
 * A small conv net trained on images whose only class-1 evidence is a bright patch somewhere in the
 * top-left quadrant: Grad-CAM for class 1 must point there.
 */
public class GradCamTest {
    private static final int SIDE = 24, PATCH = 5;
    private static Model classifier; // conv → relu → conv → relu → GAP → dense → softmax
    private static TrainingResult training;

    @BeforeClass
    public static void train() throws Exception {
        Model.Builder b = Model.builder(3);
        Node x = b.input("image", SIDE, SIDE, 1);
        Node c1 = b.add(new Conv2D("conv1", 1, 8, 3, 1, Padding.SAME, Activation.RELU), x);
        Node c2 = b.add(new Conv2D("conv2", 8, 8, 3, 1, Padding.SAME, Activation.RELU), c1);
        Node gap = b.add(new GlobalAveragePool("pool"), c2);
        Model logits = b.build(b.add(new Dense("logits", 8, 2, Activation.NONE), gap));

        Random rng = new Random(11);
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < 600; i++) ex.add(new Example(image(rng, i % 2 == 1), new int[] {SIDE, SIDE, 1}, i % 2));
        Dataset data = new Dataset(ex, Arrays.asList("plain", "patch"), new int[] {SIDE, SIDE, 1});
        training = new Trainer(TrainerOptions.builder().epochs(10).batchSize(32).seed(5).threads(2)
                .optimizer(() -> new Adam(1e-2)).build()).train(logits, data);

        // The inference graph adds the softmax the trainer leaves out.
        Model.Builder ib = Model.builder(0);
        Node in = ib.input("image", SIDE, SIDE, 1);
        Map<String, Node> copies = ib.include(logits, "", in);
        classifier = ib.build(ib.add(new Softmax("probabilities"), copies.get("logits")));
    }

    /** Noise in [0, 0.5); with {@code patch}, a 5x5 square of 1.0 at a random place inside the top-left quadrant. */
    static float[] image(Random rng, boolean patch) {
        float[] px = new float[SIDE * SIDE];
        for (int i = 0; i < px.length; i++) px[i] = rng.nextFloat() * 0.5f;
        if (patch) {
            int r0 = 1 + rng.nextInt(SIDE / 2 - PATCH - 1), c0 = 1 + rng.nextInt(SIDE / 2 - PATCH - 1);
            for (int r = r0; r < r0 + PATCH; r++) for (int c = c0; c < c0 + PATCH; c++) px[r * SIDE + c] = 1f;
        }
        return px;
    }

    @Test
    public void findsTheLastConvolutionBeforePooling() {
        assertEquals("conv2", GradCam.lastConvolution(classifier));
        assertEquals("logits", GradCam.scoreNodeFor(classifier, "probabilities"));
    }

    @Test
    public void withoutGlobalPoolingTakesTheLastFeatureMapComputedFromTheImage() {
        // LeNet-style: conv → flatten → dense, plus a [1, 1, 2] reshape of the logits (like a gate's
        // max pool over probabilities) that is image-shaped but no feature map of the image.
        Model.Builder b = Model.builder(1);
        Node x = b.input("image", 8, 8, 1);
        Node conv = b.add(new Conv2D("conv", 1, 4, 3, 1, Padding.VALID, Activation.RELU), x);
        Node logits = b.add(new Dense("logits", 144, 3, Activation.NONE), b.add(new Flatten("flat"), conv));
        Node row = b.add(new Reshape("logits_row", 1, 1, 3), logits);
        Model m = b.build(b.add(new Softmax("probabilities"), logits), row);
        assertEquals("conv", GradCam.lastConvolution(m));
        float[] px = new float[64];
        Random rng = new Random(1);
        for (int i = 0; i < px.length; i++) px[i] = rng.nextFloat();
        GradCam.Result r = GradCam.explain(m, Tensor.of(px, 1, 8, 8, 1), "conv", "probabilities", 2);
        assertEquals(2, r.classIndex);
    }

    @Test
    public void heatForThePatchClassPeaksInTheTopLeftQuadrant() {
        Random rng = new Random(99);
        int checked = 0;
        for (int t = 0; t < 5; t++) {
            Tensor img = Tensor.of(image(rng, true), 1, SIDE, SIDE, 1);
            float p1 = classifier.forward(false, img)[0].data()[1];
            assertTrue("the trained net should see the patch (p=" + p1 + ", training " + training + ")", p1 > 0.9f);
            GradCam.Result r = GradCam.explain(classifier, img, "conv2", "probabilities", 1);
            assertEquals(1, r.classIndex);
            assertTrue("score is the logit", r.scoreIsLogit);
            assertEquals(SIDE, r.height);
            assertEquals(SIDE, r.width);
            int[] peak = r.peak();
            assertTrue("peak " + Arrays.toString(peak) + " should be in the top-left quadrant", peak[0] < SIDE / 2 && peak[1] < SIDE / 2);
            double mass = r.massIn(0, SIDE / 2, 0, SIDE / 2);
            assertTrue("heat mass in the top-left quadrant " + mass, mass > 0.6);
            float max = 0, min = 1;
            for (float v : r.heat) { max = Math.max(max, v); min = Math.min(min, v); }
            assertTrue("heat in [0, 1] with max 1, got [" + min + ", " + max + "]", min >= 0 && Math.abs(max - 1f) < 1e-3);
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    public void defaultsExplainThePredictedClassOnTheLastConvolutionAndLeaveTheModelAlone() {
        Tensor img = Tensor.of(image(new Random(5), true), 1, SIDE, SIDE, 1);
        float[] before = classifier.parameters().get(0).value().data().clone();
        GradCam.Result r = GradCam.explain(classifier, img);
        assertEquals("conv2", r.convNode);
        assertEquals("logits", r.scoreNode);
        assertEquals(1, r.classIndex);
        assertTrue(Arrays.equals(before, classifier.parameters().get(0).value().data()));
        assertTrue("no layer of the caller's model got frozen", classifier.trainableParameters().size() == classifier.parameters().size());
    }

    @Test
    public void upsampleIsBilinearAndKeepsConstants() {
        float[] same = GradCam.upsample(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, 2, 2, 5, 7);
        for (float v : same) assertEquals(0.3f, v, 1e-6f);
        float[] ramp = GradCam.upsample(new float[] {0f, 1f}, 1, 2, 1, 4); // centres at 0.25, 0.75 of the source pixel grid
        assertEquals(0f, ramp[0], 1e-6f);
        assertEquals(0.25f, ramp[1], 1e-6f);
        assertEquals(0.75f, ramp[2], 1e-6f);
        assertEquals(1f, ramp[3], 1e-6f);
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsAWrongImageShape() {
        GradCam.explain(classifier, Tensor.zeros(1, SIDE, SIDE, 3));
    }

    @Test
    public void jetGoesFromBlueToRed() {
        int cold = HeatmapOverlay.jet(0f), hot = HeatmapOverlay.jet(1f);
        assertTrue((cold & 0xFF) > 100 && ((cold >> 16) & 0xFF) == 0);
        assertTrue(((hot >> 16) & 0xFF) > 100 && (hot & 0xFF) == 0);
        int[] blended = HeatmapOverlay.blend(new int[] {0xFF000000}, 1, 1, new float[] {1f}, 1, 1);
        assertEquals(Math.round(HeatmapOverlay.ALPHA * ((hot >> 16) & 0xFF)), (blended[0] >> 16) & 0xFF);
    }
}
