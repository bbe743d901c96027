package org.localexpert.experiments.fp16;

import java.util.Locale;

/**
 * The Wilson score interval of a binomial share: what a count of k changes in n inputs says about the rate on
 * inputs like them. Chosen over the normal ("Wald") interval because the shares measured here are near 0,
 * where the Wald interval collapses to [0, 0] for k = 0 and goes below 0 for small k; Wilson's stays inside
 * [0, 1] and gives 0 changes in n an honest upper bound (about 3.84 / n).
 */
public final class WilsonInterval {
    /** z of a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    public final int k, n;
    public final double low, high;

    private WilsonInterval(int k, int n, double low, double high) {
        this.k = k;
        this.n = n;
        this.low = low;
        this.high = high;
    }

    /** The 95 % interval of k successes in n trials. */
    public static WilsonInterval of(int k, int n) {
        return of(k, n, Z95);
    }

    public static WilsonInterval of(int k, int n, double z) {
        if (n <= 0 || k < 0 || k > n) throw new IllegalArgumentException("need 0 <= k <= n and n > 0, got k=" + k + " n=" + n);
        double p = k / (double) n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // Clamp float noise only: the exact bounds are 0 for k = 0 and 1 for k = n.
        return new WilsonInterval(k, n, k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half));
    }

    public double share() {
        return k / (double) n;
    }

    /** e.g. "3 / 10000 = 0.030 % [0.010, 0.088] %". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d / %d = %.3f %% [%.3f, %.3f] %%", k, n, 100 * share(), 100 * low, 100 * high);
    }
}
