package org.localexpert.experiments;

import java.util.Locale;

/** The Wilson score interval of a proportion k / n (95 %): honest near 0 % and 100 %, where the normal approximation is not. */
public final class Wilson {
    private static final double Z = 1.959964;

    private Wilson() {}

    /** {low, high} as fractions in [0, 1]. */
    public static double[] interval(int k, int n) {
        if (n <= 0) return new double[] {0, 1};
        double p = k / (double) n, z2 = Z * Z;
        double d = 1 + z2 / n, c = (p + z2 / (2 * n)) / d;
        double h = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / d;
        return new double[] {Math.max(0, c - h), Math.min(1, c + h)};
    }

    /** "k of n = P % (95 % CI L–H %)". */
    public static String format(int k, int n) {
        if (n == 0) return "n/a (none)";
        double[] ci = interval(k, n);
        return String.format(Locale.ROOT, "%d of %d = %.1f %% (95 %% CI %.1f–%.1f %%)", k, n, 100.0 * k / n, 100 * ci[0], 100 * ci[1]);
    }
}
