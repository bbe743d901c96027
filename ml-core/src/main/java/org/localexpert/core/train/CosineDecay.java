package org.localexpert.core.train;

/**
 * Cosine annealing (Loshchilov &amp; Hutter, SGDR, without restarts), optionally after a linear
 * warm-up. Warm-up keeps the first steps small while BatchNorm statistics and Adam's moments are
 * still unreliable; the cosine tail spends the last epochs at small rates, where the final accuracy
 * is gained.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double base;
    private final double minRate;
    private final long warmupSteps;
    private final long totalSteps;

    public CosineDecay(double base, double minRate, long warmupSteps, long totalSteps) {
        LearningRateSchedule.checkRate(base);
        LearningRateSchedule.checkRate(minRate);
        if (minRate > base) throw new IllegalArgumentException("minimum rate " + minRate + " is above the base rate " + base);
        if (warmupSteps < 0) throw new IllegalArgumentException("negative warm-up " + warmupSteps);
        if (totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("total steps (" + totalSteps + ") must exceed the warm-up (" + warmupSteps + ")");
        }
        this.base = base;
        this.minRate = minRate;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public double rate(long step) {
        if (step < 0) throw new IllegalArgumentException("negative step " + step);
        if (step < warmupSteps) return base * (step + 1) / warmupSteps;
        if (step >= totalSteps) return minRate;
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return minRate + (base - minRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public String toString() {
        return (warmupSteps > 0 ? "warm-up " + warmupSteps + " steps, then " : "")
                + "cosine(" + base + " -> " + minRate + " at step " + totalSteps + ")";
    }
}
