package org.localexpert.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A scanned digit redrawn the way the app's drawing canvas draws: thinned to its centre line, then inked
 * again with a round pen of one width, and put through {@link HandwritingPreprocessor}'s canvas path.
 *
 * <p>Why: MNIST's digits are scans of pen and pencil strokes of many widths; the canvas draws every
 * stroke with one pen (4.5 % of the canvas), usually thinner than MNIST's once the drawing is fitted into
 * 20 × 20. A model that learns "thin, even strokes = not a digit" from drawings of other alphabets (which
 * come from the canvas path) would call the user's own digits unsure. Redrawn digits measure that, and
 * training on them removes the cue.
 *
 * <p>The centre line comes from Zhang–Suen thinning of the digit enlarged 4× and cut at half intensity.
 */
public final class PenRedraw {
    static final int UP = 4;

    private PenRedraw() {
    }

    /**
     * @param digit   28 × 28 ink-white digit in [0, 1] (MNIST scaling)
     * @param penToSize pen width as a share of the drawing's longer side (Omniglot's drawings on the app's
     *                canvas: 0.051 / 0.069 / 0.099 at the 5th percentile / median / 95th)
     * @return the redrawn digit, 28 × 28, or the input itself when it has no ink to thin
     */
    public static float[] redraw(float[] digit, float penToSize) {
        int side = HandwritingPreprocessor.SIDE, big = side * UP;
        if (digit.length != side * side) throw new IllegalArgumentException("expected a 28x28 digit, got " + digit.length + " values");
        if (!(penToSize > 0f && penToSize < 1f)) throw new IllegalArgumentException("pen width share must be in (0, 1), got " + penToSize);
        float[] enlarged = Resize.resize(digit, side, side, 1, big, big);
        boolean[] ink = new boolean[big * big];
        boolean any = false;
        for (int i = 0; i < ink.length; i++) {
            ink[i] = enlarged[i] >= 0.5f;
            any |= ink[i];
        }
        if (!any) return digit.clone();
        thin(ink, big, big);
        int x0 = big, y0 = big, x1 = -1, y1 = -1;
        List<Stroke> dots = new ArrayList<>();
        for (int y = 0; y < big; y++) {
            for (int x = 0; x < big; x++) {
                if (!ink[y * big + x]) continue;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        float longer = Math.max(x1 - x0, y1 - y0) + 1;
        float pen = Math.max(1f, penToSize * longer);
        for (int y = 0; y < big; y++) {
            for (int x = 0; x < big; x++) {
                if (ink[y * big + x]) dots.add(new Stroke(new float[] {x + 0.5f, y + 0.5f}, pen));
            }
        }
        return HandwritingPreprocessor.fromStrokes(dots);
    }

    /** Zhang–Suen thinning in place (8-connected centre lines one pixel wide). */
    static void thin(boolean[] img, int w, int h) {
        List<Integer> remove = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                remove.clear();
                for (int y = 1; y < h - 1; y++) {
                    for (int x = 1; x < w - 1; x++) {
                        if (!img[y * w + x]) continue;
                        // neighbours P2..P9 clockwise from north
                        boolean p2 = img[(y - 1) * w + x], p3 = img[(y - 1) * w + x + 1], p4 = img[y * w + x + 1],
                                p5 = img[(y + 1) * w + x + 1], p6 = img[(y + 1) * w + x], p7 = img[(y + 1) * w + x - 1],
                                p8 = img[y * w + x - 1], p9 = img[(y - 1) * w + x - 1];
                        int b = n(p2) + n(p3) + n(p4) + n(p5) + n(p6) + n(p7) + n(p8) + n(p9);
                        if (b < 2 || b > 6) continue;
                        int a = t(p2, p3) + t(p3, p4) + t(p4, p5) + t(p5, p6) + t(p6, p7) + t(p7, p8) + t(p8, p9) + t(p9, p2);
                        if (a != 1) continue;
                        if (pass == 0 ? (p2 && p4 && p6) || (p4 && p6 && p8) : (p2 && p4 && p8) || (p2 && p6 && p8)) continue;
                        remove.add(y * w + x);
                    }
                }
                for (int i : remove) img[i] = false;
                changed |= !remove.isEmpty();
            }
        }
    }

    private static int n(boolean b) {
        return b ? 1 : 0;
    }

    /** 1 for a background → ink transition. */
    private static int t(boolean from, boolean to) {
        return !from && to ? 1 : 0;
    }
}
