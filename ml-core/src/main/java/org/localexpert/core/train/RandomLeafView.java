package org.localexpert.core.train;

import java.util.Locale;

/**
 * A random view of a leaf photo: a random-resized crop shown in one of the eight orientations of
 * the square (flips in x and y, and a 90° turn), done in one bilinear warp. A leaf has no "up":
 * farmers photograph it at any angle, so all eight orientations are equally valid training
 * examples, and one warp instead of a crop followed by a turn blurs the photo only once.
 *
 * <p>The 90° turn swaps rows and columns, so it is only drawn for square images; other images get
 * the four flip orientations.
 */
public final class RandomLeafView implements Augmentation {
    private final double minArea;
    private final Resampler resampler = new Resampler();

    /** @param minArea the crop covers a share of the image area drawn from [minArea, 1] */
    public RandomLeafView(double minArea) {
        if (!(minArea > 0 && minArea <= 1)) throw new IllegalArgumentException("minimum crop area must be in (0, 1], got " + minArea);
        this.minArea = minArea;
    }

    @Override
    public void apply(float[] data, int offset, int height, int width, int channels, Rng rng) {
        view(null, data, offset, height, width, channels, rng);
    }

    @Override
    public void apply(float[] src, float[] dst, int height, int width, int channels, Rng rng) {
        view(src, dst, 0, height, width, channels, rng);
    }

    /** Reads {@code src} (null: {@code data} itself, in place) and writes the view into {@code data}. */
    private void view(float[] src, float[] data, int offset, int height, int width, int channels, Rng rng) {
        if (height < 2 || width < 2) { // nothing to crop or turn
            if (src != null) System.arraycopy(src, 0, data, offset, height * width * channels);
            return;
        }
        double area = rng.uniform(minArea, 1);
        double aspect = Math.exp(rng.uniform(Math.log(3 / 4.0), Math.log(4 / 3.0)));
        double cropW = Math.min(width, width * Math.sqrt(area * aspect));
        double cropH = Math.min(height, height * Math.sqrt(area / aspect));
        double left = rng.uniform(0, width - cropW);
        double top = rng.uniform(0, height - cropH);
        boolean flipU = rng.nextBoolean();
        boolean flipV = rng.nextBoolean();
        boolean turn = height == width && rng.nextBoolean();
        // Output pixel (x, y) sits at u = x/(W − 1), v = y/(H − 1) in [0, 1]. The crop is read at
        // (u', v') = (u, v) or, turned, (v, u), each optionally mirrored (1 − ·), from
        // sx = left + u'·(cropW − 1), sy = top + v'·(cropH − 1): corner pixel centres map to corner
        // pixel centres, so every sample lies inside the photo (no blend with a border fill) and the
        // full crop is the identity. Each of u', v' is px·x + py·y + p0.
        double[] uPrime = turn ? new double[] {0, 1.0 / (height - 1), 0} : new double[] {1.0 / (width - 1), 0, 0};
        double[] vPrime = turn ? new double[] {1.0 / (width - 1), 0, 0} : new double[] {0, 1.0 / (height - 1), 0};
        if (flipU) mirror(uPrime);
        if (flipV) mirror(vPrime);
        double sw = Math.max(0, cropW - 1), sh = Math.max(0, cropH - 1);
        double a = sw * uPrime[0], b = sw * uPrime[1], c = left + sw * uPrime[2];
        double d = sh * vPrime[0], e = sh * vPrime[1], f = top + sh * vPrime[2];
        if (src == null) {
            resampler.warp(data, offset, height, width, channels, a, b, c, d, e, f, 0f);
        } else {
            resampler.warp(src, data, offset, height, width, channels, a, b, c, d, e, f, 0f);
        }
    }

    /** p ↦ 1 − p for the affine form p = px·x + py·y + p0. */
    private static void mirror(double[] p) {
        p[0] = -p[0];
        p[1] = -p[1];
        p[2] = 1 - p[2];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "crop(area >= %.2f) + flips x/y + 90° turns", minArea);
    }
}
