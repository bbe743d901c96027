package org.localexpert.core.train;

import java.util.Locale;

/**
 * Random-resized crop and flips for photos: a square-ish window covering a random share of the
 * image is cut at a random place and scaled back to the full size (bilinear), then the image is
 * mirrored left-right, and optionally up-down, each with probability 1/2. A leaf photographed by a
 * farmer is framed and oriented any which way; the net must not depend on either.
 */
public final class RandomCropFlip implements Augmentation {
    private final double minArea;
    private final boolean verticalFlip;
    private final Resampler resampler = new Resampler();

    /**
     * @param minArea      the crop covers a share of the image area drawn from [minArea, 1]
     * @param verticalFlip also flip up-down (fine for leaves, wrong for digits)
     */
    public RandomCropFlip(double minArea, boolean verticalFlip) {
        if (!(minArea > 0 && minArea <= 1)) throw new IllegalArgumentException("minimum crop area must be in (0, 1], got " + minArea);
        this.minArea = minArea;
        this.verticalFlip = verticalFlip;
    }

    @Override
    public void apply(float[] data, int offset, int height, int width, int channels, Rng rng) {
        double area = rng.uniform(minArea, 1);
        double aspect = Math.exp(rng.uniform(Math.log(3 / 4.0), Math.log(4 / 3.0)));
        double cropW = Math.min(width, width * Math.sqrt(area * aspect));
        double cropH = Math.min(height, height * Math.sqrt(area / aspect));
        double left = rng.uniform(0, width - cropW);
        double top = rng.uniform(0, height - cropH);
        boolean flipX = rng.nextBoolean();
        boolean flipY = verticalFlip && rng.nextBoolean();
        // Output x in [0, W) maps to source left + (x + 0.5) * cropW / W - 0.5, mirrored if flipped.
        double sx = cropW / width;
        double sy = cropH / height;
        double a = flipX ? -sx : sx;
        double c = flipX ? left + (width - 0.5) * sx - 0.5 : left + 0.5 * sx - 0.5;
        double e = flipY ? -sy : sy;
        double f = flipY ? top + (height - 0.5) * sy - 0.5 : top + 0.5 * sy - 0.5;
        resampler.warp(data, offset, height, width, channels, a, 0, c, 0, e, f, 0f);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "crop(area >= %.2f) + flip%s", minArea, verticalFlip ? " x/y" : " x");
    }
}
