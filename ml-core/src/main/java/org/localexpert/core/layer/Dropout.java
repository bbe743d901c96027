package org.localexpert.core.layer;

import java.util.Collections;
import java.util.Map;
import org.localexpert.core.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability {@code rate} and the rest
 * scaled by 1/(1 − rate), so inference is the identity (nothing to export).
 *
 * <p>Deterministic: whether element i is dropped in training call t is a hash of (seed, t, i) —
 * not a shared random stream — so results depend neither on threads nor on what else drew random
 * numbers, and training resumed from a checkpoint (the call counter is saved as state "step")
 * draws the same masks as an uninterrupted run.
 */
public final class Dropout implements Layer {
    private final String name;
    private final float rate;
    private final long seed;
    /** Training calls so far; a float holds every integer up to 2^24 exactly (16.7 M steps). */
    private final Tensor step = Tensor.zeros(1);
    private Tensor output, gradInput, mask;
    private boolean trainedForward;

    public Dropout(String name, float rate, long seed) {
        if (!(rate >= 0f && rate < 1f)) throw new IllegalArgumentException(name + ": rate must be in [0, 1) but was " + rate);
        this.name = name;
        this.rate = rate;
        this.seed = seed;
    }

    @Override public String name() { return name; }
    public float rate() { return rate; }
    public long seed() { return seed; }

    @Override
    public Map<String, Tensor> state() {
        return Collections.singletonMap("step", step);
    }

    @Override
    public int[] outputShape(int[]... in) {
        Shapes.requireInputs(name, in, 1);
        return in[0].clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        trainedForward = training && rate > 0f;
        if (!trainedForward) return x;
        output = Tensor.reuse(output, x.shape());
        mask = Tensor.reuse(mask, x.shape());
        long t = (long) step.data()[0];
        step.data()[0] = t + 1;
        float scale = 1f / (1f - rate);
        float[] xd = x.data(), y = output.data(), m = mask.data();
        long base = mix(seed ^ mix(t + 0x9E3779B97F4A7C15L));
        for (int i = 0; i < xd.length; i++) {
            // Top 24 bits of a 64-bit hash → uniform in [0, 1).
            float u = (mix(base + i) >>> 40) * 0x1.0p-24f;
            m[i] = u < rate ? 0f : scale;
            y[i] = xd[i] * m[i];
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor gradOutput, boolean[] needInputGrad) {
        if (!Layer.wants(needInputGrad, 0)) return new Tensor[] {null};
        if (!trainedForward) return new Tensor[] {gradOutput};
        gradOutput.requireShape(name + " gradient", mask.shape());
        gradInput = Tensor.reuse(gradInput, mask.shape());
        float[] dy = gradOutput.data(), dx = gradInput.data(), m = mask.data();
        for (int i = 0; i < dx.length; i++) dx[i] = dy[i] * m[i];
        return new Tensor[] {gradInput};
    }

    /** SplitMix64's finaliser: a cheap, well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public Dropout copy(String newName) {
        Dropout d = new Dropout(newName, rate, seed);
        d.step.data()[0] = step.data()[0];
        return d;
    }
}
