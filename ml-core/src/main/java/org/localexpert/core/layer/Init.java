package org.localexpert.core.layer;

import java.util.Random;

/**
 * Weight initialisation from a seeded {@link Random}, so the same seed always builds the same
 * network. He for layers followed by ReLU (keeps activation variance near 1 through deep ReLU
 * stacks), Glorot for the rest (balances forward and backward variance).
 */
public final class Init {
    private Init() {}

    /** He normal: N(0, 2 / fanIn). */
    public static void he(float[] w, int fanIn, Random rng) {
        double std = Math.sqrt(2.0 / Math.max(1, fanIn));
        for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextGaussian() * std);
    }

    /** Glorot uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
    public static void glorot(float[] w, int fanIn, int fanOut, Random rng) {
        double a = Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
        for (int i = 0; i < w.length; i++) w[i] = (float) ((rng.nextDouble() * 2 - 1) * a);
    }

    /** He for ReLU-family activations, Glorot otherwise. */
    public static void forActivation(Activation act, float[] w, int fanIn, int fanOut, Random rng) {
        if (act == Activation.NONE) glorot(w, fanIn, fanOut, rng); else he(w, fanIn, rng);
    }
}
