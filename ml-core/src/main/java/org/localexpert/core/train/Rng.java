package org.localexpert.core.train;

/**
 * A small, re-seedable pseudo-random generator (SplitMix64, Steele et al. 2014) whose whole state
 * is one long, so a checkpoint can store it and a resumed run draws the same numbers.
 *
 * <p>The trainer derives a generator per (seed, epoch, sample) with {@link #mix}, instead of one
 * stream consumed in order, so augmenting a sample gives the same result whichever thread or batch
 * it lands in, and re-seeding one object per sample allocates nothing in the hot loop.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public void reseed(long seed) {
        this.state = seed;
    }

    /** The whole state; {@code new Rng(x.state())} continues x's sequence. */
    public long state() {
        return state;
    }

    public long nextLong() {
        return finish(state += GOLDEN);
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be > 0, got " + bound);
        // Multiply-shift on 31 random bits: bias below 2^-31 * bound, irrelevant for shuffling data.
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** A well-spread seed from several parts (e.g. run seed, epoch, sample index). */
    public static long mix(long... parts) {
        long h = 0x5851F42D4C957F2DL;
        for (long p : parts) h = finish(h + GOLDEN + finish(p ^ h));
        return h;
    }

    /** Fisher-Yates shuffle of 0..n-1 driven by {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Rng r = new Rng(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
