package org.localexpert.core.train;

/** Step decay: {@code base * gamma^floor(step / stepSize)} — the classic "divide by 10 every k epochs". */
public final class StepDecay implements LearningRateSchedule {
    private final double base;
    private final double gamma;
    private final long stepSize;

    public StepDecay(double base, double gamma, long stepSize) {
        LearningRateSchedule.checkRate(base);
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        if (stepSize <= 0) throw new IllegalArgumentException("step size must be > 0, got " + stepSize);
        this.base = base;
        this.gamma = gamma;
        this.stepSize = stepSize;
    }

    @Override
    public double rate(long step) {
        if (step < 0) throw new IllegalArgumentException("negative step " + step);
        return base * Math.pow(gamma, step / stepSize);
    }

    @Override
    public String toString() {
        return "step(" + base + ", x" + gamma + " every " + stepSize + " steps)";
    }
}
