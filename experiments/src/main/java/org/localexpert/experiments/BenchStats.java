package org.localexpert.experiments;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * The benches' statistics, in one place so they are tested on fixed rows: error cut, users worse,
 * sample standard deviation and percentile-bootstrap 95 % intervals.
 *
 * <p>Why a percentile bootstrap: the headline figures are ratios of sums (error cut) or shares of
 * a few hundred users, with no convenient closed-form variance; resampling the units (writers,
 * photos) with replacement and taking the 2.5th and 97.5th percentiles of the recomputed figure is
 * the simplest interval that respects how the figure was computed.
 */
public final class BenchStats {
    /** Resamples per interval: the 2.5 % tails then rest on 50 draws each. */
    public static final int RESAMPLES = 2000;
    /** Seed of every bench interval, so a re-run prints the same interval for the same rows. */
    public static final long SEED = 17;

    private BenchStats() {}

    /** Relative cut of the total error: {@code 1 − Σ errors / Σ baselineErrors} (0 when the baseline made none). */
    public static double errorCut(int[] baselineErrors, int[] errors) {
        long b = 0, e = 0;
        for (int x : baselineErrors) b += x;
        for (int x : errors) e += x;
        return b == 0 ? 0 : 1 - e / (double) b;
    }

    /** How many units make more errors than the baseline. */
    public static int worse(int[] baselineErrors, int[] errors) {
        int n = 0;
        for (int i = 0; i < errors.length; i++) if (errors[i] > baselineErrors[i]) n++;
        return n;
    }

    /** Sample standard deviation (n − 1); 0 for fewer than two values. */
    public static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = 0;
        for (double x : v) m += x;
        m /= v.length;
        double q = 0;
        for (double x : v) q += (x - m) * (x - m);
        return Math.sqrt(q / (v.length - 1));
    }

    /** A point estimate and its interval. */
    public static final class Interval {
        public final double value, low, high;

        Interval(double value, double low, double high) {
            this.value = value;
            this.low = low;
            this.high = high;
        }

        /** "value [low, high]" scaled by {@code scale}, with {@code decimals} decimals. */
        public String format(double scale, int decimals) {
            String f = "%." + decimals + "f";
            return String.format(java.util.Locale.ROOT, f + " [" + f + ", " + f + "]", scale * value, scale * low, scale * high);
        }
    }

    /**
     * Percentile bootstrap over {@code units} units: {@code statistic} receives each unit's
     * multiplicity in the resample (all 1 for the point estimate) and returns the figure; NaN
     * resamples (e.g. a ratio with a zero denominator) are dropped.
     */
    public static Interval bootstrap(int units, Function<int[], Double> statistic, int resamples, long seed) {
        int[] ones = new int[units];
        Arrays.fill(ones, 1);
        double point = statistic.apply(ones);
        Random rng = new Random(seed);
        double[] v = new double[resamples];
        int n = 0;
        int[] w = new int[units];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(w, 0);
            for (int i = 0; i < units; i++) w[rng.nextInt(units)]++;
            double x = statistic.apply(w);
            if (!Double.isNaN(x)) v[n++] = x;
        }
        if (n == 0) return new Interval(point, Double.NaN, Double.NaN);
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return new Interval(point, percentile(s, 0.025), percentile(s, 0.975));
    }

    /** {@link #bootstrap(int, Function, int, long)} with the benches' resamples and seed. */
    public static Interval bootstrap(int units, Function<int[], Double> statistic) {
        return bootstrap(units, statistic, RESAMPLES, SEED);
    }

    /** Linear-interpolated percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
