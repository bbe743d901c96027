package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Tensor;

public class BatchNormTest {
    private static BatchNorm bn(int c, long seed) {
        BatchNorm b = new BatchNorm("bn", c, 0.9f, 1e-3f);
        Random r = new Random(seed);
        for (int i = 0; i < c; i++) {
            b.gamma().value().data()[i] = 0.5f + r.nextFloat();
            b.beta().value().data()[i] = r.nextFloat() - 0.5f;
            b.movingMean().data()[i] = r.nextFloat() - 0.5f;
            b.movingVariance().data()[i] = 0.5f + r.nextFloat();
        }
        return b;
    }

    @Test
    public void trainingNormalisesEachChannelAndUpdatesRunningAverages() {
        Tensor x = GradientCheck.random(new Random(1), 0f, 4, 3, 3, 2);
        for (int i = 0; i < x.size(); i += 2) x.data()[i] = 3 + 2 * x.data()[i]; // channel 0: mean ≈ 3
        BatchNorm b = new BatchNorm("bn", 2, 0.9f, 1e-3f);
        Tensor y = b.forward(x, true);
        for (int c = 0; c < 2; c++) {
            double m = 0, v = 0, xm = 0;
            for (int i = c; i < y.size(); i += 2) {
                m += y.data()[i];
                xm += x.data()[i];
            }
            m /= 36;
            xm /= 36;
            for (int i = c; i < y.size(); i += 2) v += (y.data()[i] - m) * (y.data()[i] - m);
            assertEquals(0, m, 1e-5);
            assertEquals(1, v / 36, 1e-2);
            assertEquals(0.1 * xm, b.movingMean().data()[c], 1e-5);
        }
    }

    @Test
    public void gradientsInTrainingMode() {
        GradientCheck.check(bn(3, 2), true, GradientCheck.random(new Random(2), 0f, 4, 3, 2, 3));
        GradientCheck.check(bn(5, 3), true, GradientCheck.random(new Random(3), 0f, 6, 5));
    }

    @Test
    public void gradientsInInferenceMode() {
        GradientCheck.check(bn(3, 4), false, GradientCheck.random(new Random(4), 0f, 2, 3, 3, 3));
    }

    @Test
    public void inferenceIsTheAffineMapOfTheRunningStatistics() {
        BatchNorm b = bn(3, 5);
        Tensor x = GradientCheck.random(new Random(5), 0f, 2, 3);
        float[] y = b.forward(x, false).data(), s = b.inferenceScale(), t = b.inferenceShift();
        for (int i = 0; i < 6; i++) assertEquals(s[i % 3] * x.data()[i] + t[i % 3], y[i], 1e-5f);
    }

    @Test
    public void stateHoldsTheRunningAverages() {
        BatchNorm b = bn(2, 6);
        assertArrayEquals(new Object[] {"movingMean", "movingVariance"}, b.state().keySet().toArray());
        BatchNorm c = b.copy("bn2");
        assertArrayEquals(b.movingVariance().data(), c.movingVariance().data(), 0f);
    }
}
