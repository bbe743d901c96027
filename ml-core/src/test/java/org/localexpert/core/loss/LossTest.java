package org.localexpert.core.loss;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.layer.GradientCheck;
import org.localexpert.core.tensor.Tensor;

public class LossTest {
    private final Random rng = new Random(21);

    /** Checks backward() against finite differences of forward() over every logit. */
    private static void check(Loss loss, Tensor logits, Runnable forward) {
        forward.run();
        Tensor analytic = loss.backward().copy();
        // L = Σ 1·loss: wrap the scalar loss as a [1] "output" with r = 1
        Tensor one = Tensor.of(new float[] {1f}, 1);
        Tensor scalar = Tensor.zeros(1);
        GradientCheck.compare(() -> {
            forward.run();
            scalar.data()[0] = lastValue[0];
            return scalar;
        }, one, Collections.singletonList(logits), Collections.singletonList(analytic), Collections.singletonList("logits"), new Random(1));
    }

    private static final float[] lastValue = new float[1];

    @Test
    public void softmaxCrossEntropyValueAndGradient() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Tensor logits = Tensor.of(new float[] {0, 0, 0, 1000, 0, 0}, 2, 3);
        float v = ce.forward(logits, new int[] {2, 0});
        assertEquals(Math.log(3) / 2, v, 1e-6); // second row is certain and right: loss 0, no overflow
        Tensor z = GradientCheck.random(rng, 0f, 5, 4);
        int[] labels = {0, 3, 1, 1, 2};
        check(ce, z, () -> lastValue[0] = ce.forward(z, labels));
    }

    @Test
    public void classWeightsLabelSmoothingAndSoftTargets() {
        Tensor z = GradientCheck.random(rng, 0f, 6, 4);
        int[] labels = {0, 3, 1, 1, 2, 0};
        SoftmaxCrossEntropy w = new SoftmaxCrossEntropy().withClassWeights(new float[] {1, 3, 0.5f, 2}).withLabelSmoothing(0.1f);
        check(w, z, () -> lastValue[0] = w.forward(z, labels));
        Tensor soft = Tensor.zeros(6, 4);
        for (int i = 0; i < 6; i++) {
            soft.data()[i * 4 + labels[i]] = 0.7f;
            soft.data()[i * 4 + (labels[i] + 1) % 4] = 0.3f;
        }
        SoftmaxCrossEntropy s = new SoftmaxCrossEntropy();
        check(s, z, () -> lastValue[0] = s.forward(z, soft));
        float[] sampleWeights = {1, 0, 2, 1, 1, 0.5f};
        check(s, z, () -> lastValue[0] = s.forward(z, labels, sampleWeights));
    }

    @Test
    public void anInputOfNoClassIsPulledTowardsTheUniformDistribution() {
        // Row 0 of no class: loss = −mean log p, gradient p − 1/K; a confident row pays for it.
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        float flat = ce.forward(Tensor.zeros(1, 4), new int[] {SoftmaxCrossEntropy.NO_CLASS});
        assertEquals(Math.log(4), flat, 1e-6);
        for (float g : ce.backward().data()) assertEquals(0f, g, 1e-7f);
        float confident = ce.forward(Tensor.of(new float[] {5, 0, 0, 0}, 1, 4), new int[] {SoftmaxCrossEntropy.NO_CLASS});
        assertTrue(confident > flat + 1);
        assertTrue("the top class is pushed down", ce.backward().data()[0] > 0);
        Tensor z = GradientCheck.random(rng, 0f, 5, 4);
        int[] labels = {0, SoftmaxCrossEntropy.NO_CLASS, 1, SoftmaxCrossEntropy.NO_CLASS, 2};
        float[] weights = {1, 2.5f, 1, 2.5f, 1};
        check(ce, z, () -> lastValue[0] = ce.forward(z, labels, weights));
    }

    @Test
    public void classWeightsGiveTheWeightedMean() {
        Tensor z = Tensor.of(new float[] {2, 0, 0, 2}, 2, 2); // both right, same confidence
        float plain = new SoftmaxCrossEntropy().forward(z, new int[] {0, 1});
        float weighted = new SoftmaxCrossEntropy().withClassWeights(new float[] {1, 9}).forward(z, new int[] {0, 1});
        assertEquals(plain, weighted, 1e-6f); // weighted mean of equal losses is the same loss
        // label smoothing: the uniform target's cross-entropy on uniform logits is log K
        assertEquals(Math.log(2), new SoftmaxCrossEntropy().withLabelSmoothing(0.5f).forward(Tensor.zeros(1, 2), new int[] {1}), 1e-6);
    }

    @Test
    public void badLabelsAreClearErrors() {
        try {
            new SoftmaxCrossEntropy().forward(Tensor.zeros(2, 3), new int[] {0, 3});
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("label 3 of sample 1"));
        }
        try {
            new SoftmaxCrossEntropy().forward(Tensor.zeros(2, 3), new int[] {0});
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("2 logits rows but 1 labels"));
        }
    }

    @Test
    public void binaryCrossEntropyIsStableAndHasRightGradient() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        float v = bce.forward(Tensor.of(new float[] {100, -100, 0}, 3, 1), new float[] {1, 0, 1});
        assertEquals(Math.log(2) / 3, v, 1e-6);
        float wrong = bce.forward(Tensor.of(new float[] {-100}, 1), new float[] {1});
        assertEquals(100, wrong, 1e-3); // −log σ(−100) = 100 + log(1+e^−100), no Infinity
        assertArrayEquals(new float[] {-1f}, bce.backward().data(), 1e-6f);
        Tensor z = GradientCheck.random(rng, 0f, 7, 1);
        for (int i = 0; i < 7; i++) z.data()[i] *= 4;
        float[] t = {0, 1, 1, 0, 0.3f, 1, 0};
        check(bce, z, () -> lastValue[0] = bce.forward(z, t));
        BinaryCrossEntropy weighted = new BinaryCrossEntropy().withClassWeights(0.5f, 3f);
        check(weighted, z, () -> lastValue[0] = weighted.forward(z, t));
    }
}
