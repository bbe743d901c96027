package org.localexpert.core.abstain;

import java.util.Locale;

/**
 * Cheap statistics of the model's input image that catch inputs which are not pictures of the
 * domain at all — before the model's probability is even looked at, because a network's softmax
 * can be confidently wrong far from its training data.
 *
 * <p>Three checks, each a plain measurement with a generous margin (pixels in [0, 1]):
 * <ul>
 *   <li><b>nearly uniform</b>: the brightness standard deviation is below {@value #MIN_BRIGHTNESS_STD}
 *       (about 5 grey levels) — a blank wall, a covered lens, an empty canvas;</li>
 *   <li><b>no colour</b> (colour photos only): the mean per-pixel spread between the R, G and B
 *       channels is below {@value #MIN_COLOUR_SPREAD} (about 5 levels) — a greyscale picture, which a
 *       phone camera photographing a leaf never produces;</li>
 *   <li><b>noise</b> (photos only): neighbouring pixels differ about as much as two random pixels of
 *       the image do (ratio above {@value #MAX_NEIGHBOUR_RATIO}); in any photo, neighbours are far more
 *       alike than that. For independent pixels the ratio is about 1.</li>
 * </ul>
 * These are not a leaf detector: a colourful photo of something else passes them, and then only the
 * confidence threshold stands between it and an answer.
 */
public final class InputCheck {
    public static final double MIN_BRIGHTNESS_STD = 0.02;
    public static final double MIN_COLOUR_SPREAD = 0.02;
    public static final double MAX_NEIGHBOUR_RATIO = 0.8;

    /** Which check an input failed: what the app turns into advice (retake in light, in colour, held still). */
    public enum Problem { NEARLY_UNIFORM, NO_COLOUR, NOISE }

    /** A failed check: which one, and its measurement in words (for the CLI and logs, not for end users). */
    public static final class Finding {
        private final Problem problem;
        private final String words;

        Finding(Problem problem, String words) {
            this.problem = problem;
            this.words = words;
        }

        public Problem problem() { return problem; }

        /** e.g. "the image is nearly uniform (brightness spread 0.004 < 0.02)". */
        public String words() { return words; }

        @Override
        public String toString() { return words; }
    }

    private final boolean colourPhotos;

    private InputCheck(boolean colourPhotos) {
        this.colourPhotos = colourPhotos;
    }

    /** For camera photos (RGB): all three checks. */
    public static InputCheck forColourPhotos() {
        return new InputCheck(true);
    }

    /** For handwriting (grey, mostly blank by nature): only the uniform check. */
    public static InputCheck forHandwriting() {
        return new InputCheck(false);
    }

    /**
     * What is wrong with {@code pixels} (row-major {@code height x width x channels}, values in
     * [0, 1]) for this domain, or null when nothing is.
     */
    public Finding problem(float[] pixels, int height, int width, int channels) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("1 or 3 channels, got " + channels);
        if (height < 2 || width < 2 || pixels.length != height * width * channels) {
            throw new IllegalArgumentException(pixels.length + " values do not form a " + height + "x" + width + "x" + channels + " image");
        }
        float[] lum = brightness(pixels, height * width, channels);
        double mean = 0;
        for (float v : lum) mean += v;
        mean /= lum.length;
        double var = 0, meanAbsDev = 0;
        for (float v : lum) {
            var += (v - mean) * (v - mean);
            meanAbsDev += Math.abs(v - mean);
        }
        double std = Math.sqrt(var / lum.length);
        meanAbsDev /= lum.length;
        if (std < MIN_BRIGHTNESS_STD) {
            return new Finding(Problem.NEARLY_UNIFORM,
                    String.format(Locale.ROOT, "the image is nearly uniform (brightness spread %.3f < %.2f)", std, MIN_BRIGHTNESS_STD));
        }
        if (!colourPhotos) return null;
        if (channels == 3) {
            double spread = 0;
            for (int i = 0; i < pixels.length; i += 3) {
                float r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
                spread += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
            }
            spread /= height * width;
            if (spread < MIN_COLOUR_SPREAD) {
                return new Finding(Problem.NO_COLOUR,
                        String.format(Locale.ROOT, "the image has no colour (channel spread %.3f < %.2f)", spread, MIN_COLOUR_SPREAD));
            }
        }
        // Mean |difference| of horizontal and vertical neighbours vs. that of two random pixels:
        // for independent pixels E|X - Y| is 1.33 (uniform) to 1.41 (Gaussian) times the mean
        // absolute deviation from the mean, so dividing by 1.4 x that puts noise near 1.
        double diff = 0;
        long pairs = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = lum[y * width + x];
                if (x + 1 < width) { diff += Math.abs(v - lum[y * width + x + 1]); pairs++; }
                if (y + 1 < height) { diff += Math.abs(v - lum[(y + 1) * width + x]); pairs++; }
            }
        }
        double ratio = (diff / pairs) / (1.4 * meanAbsDev);
        if (ratio > MAX_NEIGHBOUR_RATIO) {
            return new Finding(Problem.NOISE, String.format(Locale.ROOT,
                    "the image looks like noise (neighbouring pixels as different as random ones: ratio %.2f > %.1f)", ratio, MAX_NEIGHBOUR_RATIO));
        }
        return null;
    }

    private static float[] brightness(float[] pixels, int count, int channels) {
        if (channels == 1) return pixels;
        float[] lum = new float[count];
        for (int i = 0; i < count; i++) {
            lum[i] = 0.299f * pixels[3 * i] + 0.587f * pixels[3 * i + 1] + 0.114f * pixels[3 * i + 2];
        }
        return lum;
    }
}
