package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

public class OptimizerTest {

    /** f(w) = 0.5 * sum a_i (w_i - c_i)^2, an ill-conditioned quadratic; grad = a (w - c). */
    private static final float[] A = {1f, 10f, 0.1f, 3f};
    private static final float[] C = {1f, -2f, 3f, 0.5f};

    private static void quadraticGrad(Parameter p) {
        float[] w = p.value().data();
        float[] g = p.grad().data();
        for (int i = 0; i < w.length; i++) g[i] = A[i] * (w[i] - C[i]);
    }

    private static float maxError(Parameter p) {
        float e = 0;
        for (int i = 0; i < C.length; i++) e = Math.max(e, Math.abs(p.value().data()[i] - C[i]));
        return e;
    }

    private static Parameter fresh(String name, boolean decay) {
        return new Parameter(name, Tensor.zeros(4), decay);
    }

    private static float minimize(Optimizer opt, int steps) {
        Parameter p = fresh("w", false);
        List<Parameter> ps = Collections.singletonList(p);
        for (int s = 0; s < steps; s++) {
            quadraticGrad(p);
            opt.step(ps);
        }
        return maxError(p);
    }

    @Test
    public void adamConvergesOnAQuadratic() {
        assertTrue(minimize(new Adam(0.05), 3000) < 1e-3f);
    }

    @Test
    public void sgdWithMomentumAndNesterovConvergeOnAQuadratic() {
        assertTrue(minimize(new Sgd(0.05), 3000) < 1e-2f);
        assertTrue(minimize(new Sgd(0.05, 0.9, false, 0, WeightDecay.L2), 1000) < 1e-3f);
        assertTrue(minimize(new Sgd(0.05, 0.9, true, 0, WeightDecay.L2), 1000) < 1e-3f);
    }

    @Test
    public void momentumIsFasterThanPlainSgdOnAnIllConditionedProblem() {
        float plain = minimize(new Sgd(0.05), 200);
        float momentum = minimize(new Sgd(0.05, 0.9, false, 0, WeightDecay.L2), 200);
        assertTrue("plain " + plain + " momentum " + momentum, momentum < plain / 10);
    }

    @Test
    public void firstAdamStepMovesEveryWeightByTheLearningRate() {
        // With bias correction, step 1 is lr * g/|g| (up to epsilon) whatever the gradient's scale.
        Parameter p = fresh("w", false);
        float[] g = p.grad().data();
        g[0] = 1e-3f; g[1] = -50f; g[2] = 2f; g[3] = -0.25f;
        new Adam(0.01).step(Collections.singletonList(p));
        assertArrayEquals(new float[] {-0.01f, 0.01f, -0.01f, 0.01f}, p.value().data(), 1e-6f);
    }

    @Test
    public void sgdMomentumMatchesHandComputedSteps() {
        Parameter p = fresh("w", false);
        p.value().data()[0] = 1f;
        Sgd sgd = new Sgd(0.1, 0.5, false, 0, WeightDecay.L2);
        List<Parameter> ps = Collections.singletonList(p);
        p.grad().data()[0] = 2f;
        sgd.step(ps); // v = 2, w = 1 - 0.2 = 0.8
        assertEquals(0.8f, p.value().data()[0], 1e-7f);
        p.grad().data()[0] = 1f;
        sgd.step(ps); // v = 0.5*2 + 1 = 2, w = 0.8 - 0.2 = 0.6
        assertEquals(0.6f, p.value().data()[0], 1e-7f);
        Sgd nesterov = new Sgd(0.1, 0.5, true, 0, WeightDecay.L2);
        Parameter q = fresh("q", false);
        q.grad().data()[0] = 2f;
        nesterov.step(Collections.singletonList(q)); // v = 2, step = g + mu v = 3
        assertEquals(-0.3f, q.value().data()[0], 1e-7f);
    }

    @Test
    public void frozenParametersAreNeitherUpdatedNorDecayedNorGivenState() {
        Parameter frozen = fresh("frozen", true);
        frozen.value().fill(1f);
        frozen.grad().fill(5f);
        frozen.setFrozen(true);
        Parameter live = fresh("live", true);
        live.grad().fill(1f);
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.5, WeightDecay.DECOUPLED);
        adam.step(Arrays.asList(frozen, live));
        assertArrayEquals(new float[] {1, 1, 1, 1}, frozen.value().data(), 0f);
        assertTrue(live.value().data()[0] < 0);
        for (String key : adam.state().keySet()) assertTrue(key, !key.endsWith("/frozen"));
    }

    @Test
    public void weightDecayOnlyTouchesParametersThatAskForIt() {
        Parameter kernel = fresh("kernel", true);
        Parameter bias = fresh("bias", false);
        kernel.value().fill(2f);
        bias.value().fill(2f);
        // Zero gradients: only decay can move a weight.
        new Sgd(0.1, 0, false, 0.5, WeightDecay.L2).step(Arrays.asList(kernel, bias));
        assertEquals(2f - 0.1f * 0.5f * 2f, kernel.value().data()[0], 1e-6f);
        assertEquals(2f, bias.value().data()[0], 0f);
    }

    @Test
    public void decoupledDecayIsNotRescaledByAdamButL2Is() {
        // Zero gradient: AdamW shrinks by lr*wd*w exactly; Adam+L2 turns the penalty into a
        // normalized step of size lr (so a tiny penalty moves the weight as much as a big one).
        Parameter w1 = fresh("w", true);
        w1.value().fill(2f);
        Adam.adamW(0.1, 0.01).step(Collections.singletonList(w1));
        assertEquals(2f * (1 - 0.1f * 0.01f), w1.value().data()[0], 1e-6f);

        Parameter w2 = fresh("w", true);
        w2.value().fill(2f);
        new Adam(0.1, 0.9, 0.999, 1e-8, 0.01, WeightDecay.L2).step(Collections.singletonList(w2));
        assertEquals(2f - 0.1f, w2.value().data()[0], 1e-5f);
    }

    @Test
    public void stateRoundTripContinuesExactlyLikeAnUninterruptedRun() {
        Parameter a = fresh("w", true);
        Adam straight = Adam.adamW(0.05, 0.01);
        for (int s = 0; s < 20; s++) {
            quadraticGrad(a);
            straight.step(Collections.singletonList(a));
        }

        Parameter b = fresh("w", true);
        Adam first = Adam.adamW(0.05, 0.01);
        for (int s = 0; s < 10; s++) {
            quadraticGrad(b);
            first.step(Collections.singletonList(b));
        }
        Map<String, float[]> saved = first.state();
        Adam second = Adam.adamW(0.05, 0.01);
        second.loadState(saved, first.steps());
        for (int s = 0; s < 10; s++) {
            quadraticGrad(b);
            second.step(Collections.singletonList(b));
        }
        assertArrayEquals(a.value().data(), b.value().data(), 0f);
        assertEquals(20, second.steps());
    }

    @Test(expected = IllegalArgumentException.class)
    public void negativeLearningRateIsRejected() {
        new Sgd(-0.1);
    }

    @Test(expected = IllegalArgumentException.class)
    public void nesterovWithoutMomentumIsRejected() {
        new Sgd(0.1, 0, true, 0, WeightDecay.L2);
    }
}
