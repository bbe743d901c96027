package org.localexpert.core.train;

/**
 * The learning rate as a function of the optimizer step (0-based, counted over the whole run, not
 * per epoch), so a resumed run continues the same curve. The trainer sets the optimizer's rate
 * from it before every step.
 */
public interface LearningRateSchedule {
    double rate(long step);

    /** The same rate for every step. */
    static LearningRateSchedule constant(double rate) {
        checkRate(rate);
        return new LearningRateSchedule() {
            @Override
            public double rate(long step) {
                return rate;
            }

            @Override
            public String toString() {
                return "constant(" + rate + ")";
            }
        };
    }

    /** {@code base * gamma^(step / stepSize)}: multiply by gamma every stepSize steps. */
    static LearningRateSchedule step(double base, double gamma, long stepSize) {
        return new StepDecay(base, gamma, stepSize);
    }

    /** Cosine from base down to minRate over totalSteps, then minRate. */
    static LearningRateSchedule cosine(double base, long totalSteps, double minRate) {
        return new CosineDecay(base, minRate, 0, totalSteps);
    }

    /** Linear warm-up from base/warmupSteps to base over warmupSteps, then cosine down to minRate at totalSteps. */
    static LearningRateSchedule warmupCosine(double base, long warmupSteps, long totalSteps, double minRate) {
        return new CosineDecay(base, minRate, warmupSteps, totalSteps);
    }

    static void checkRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + rate);
        }
    }
}
