package org.localexpert.app.data;

/**
 * Which of a class's samples are held out to measure a personal model: a fixed share (one in four), decided
 * when the sample is added from its position in its class, so the split never changes behind the user's back
 * and the first samples of a class are used for training. Position 2 (the third sample) is the first held out,
 * then every fourth: 3 samples → 1 held out, 5 → 1, 7 → 2, 10 → 2, 11 → 3.
 */
public final class HeldOutRule {
    public static final int EVERY = 4;
    public static final int FIRST = 2;

    private HeldOutRule() {}

    /** Whether the sample at {@code position} (0-based, in order of adding) of its class is held out. */
    public static boolean heldOut(int position) {
        return position >= FIRST && (position - FIRST) % EVERY == 0;
    }

    /** How many of {@code n} samples of a class are held out. */
    public static int heldOutCount(int n) {
        return n <= FIRST ? 0 : (n - FIRST - 1) / EVERY + 1;
    }
}
