package org.localexpert.core.train;

import java.util.Locale;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.PenRedraw;

/**
 * With probability {@code share}, redraws a 28 × 28 digit with one round pen ({@link PenRedraw}), the pen's
 * width drawn uniformly from {@code [minPen, maxPen]} of the drawing's longer side: the model sees digits
 * in the canvas's even strokes as well as MNIST's scanned ones, so stroke style is no cue for "unsure".
 */
public final class RandomPenRedraw implements Augmentation {
    private final double share;
    private final double minPen;
    private final double maxPen;
    private final float[] digit = new float[HandwritingPreprocessor.SIDE * HandwritingPreprocessor.SIDE];

    public RandomPenRedraw(double share, double minPen, double maxPen) {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("redraw share must be in [0, 1], got " + share);
        if (!(minPen > 0 && minPen <= maxPen && maxPen < 1)) throw new IllegalArgumentException("pen range must satisfy 0 < min <= max < 1, got " + minPen + ".." + maxPen);
        this.share = share;
        this.minPen = minPen;
        this.maxPen = maxPen;
    }

    @Override
    public void apply(float[] data, int offset, int height, int width, int channels, Rng rng) {
        if (height != HandwritingPreprocessor.SIDE || width != HandwritingPreprocessor.SIDE || channels != 1) {
            throw new IllegalArgumentException("pen redraw works on 28x28x1 digits, got " + height + "x" + width + "x" + channels);
        }
        // Both draws are taken every time, so the affine step after this sees the same generator state either way.
        boolean redraw = rng.nextDouble() < share;
        float pen = (float) rng.uniform(minPen, maxPen);
        if (!redraw) return;
        System.arraycopy(data, offset, digit, 0, digit.length);
        System.arraycopy(PenRedraw.redraw(digit, pen), 0, data, offset, digit.length);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "pen redraw %.0f %% (pen %.3f-%.3f of the drawing)", 100 * share, minPen, maxPen);
    }
}
