package org.localexpert.core.train;

/**
 * A random transformation of one training image, applied by the {@link Trainer} to each sample of
 * a mini-batch (never to validation or test data).
 *
 * <p>Implementations must draw all randomness from the given {@link Rng}, which the trainer seeds
 * from (run seed, epoch, sample index): then the same seed gives the same augmented data, in any
 * thread and after a resume. They may keep scratch buffers, so one instance is used by one thread.
 */
public interface Augmentation {
    /**
     * Transforms the image at {@code data[offset .. offset + height*width*channels)} (HWC, row-major)
     * in place.
     */
    void apply(float[] data, int offset, int height, int width, int channels, Rng rng);

    /**
     * Writes the transformed {@code src} (one image at index 0) into {@code dst}, leaving {@code src} as it
     * was: the same result as copying and transforming in place, which is what this default does; a
     * geometric augmentation reads {@code src} directly and saves the copy (personalization makes eight
     * augmented copies of every photo).
     */
    default void apply(float[] src, float[] dst, int height, int width, int channels, Rng rng) {
        System.arraycopy(src, 0, dst, 0, height * width * channels);
        apply(dst, 0, height, width, channels, rng);
    }

    /** This augmentation followed by {@code next}. */
    default Augmentation then(Augmentation next) {
        Augmentation first = this;
        return new Augmentation() {
            @Override
            public void apply(float[] data, int offset, int height, int width, int channels, Rng rng) {
                first.apply(data, offset, height, width, channels, rng);
                next.apply(data, offset, height, width, channels, rng);
            }

            @Override
            public void apply(float[] src, float[] dst, int height, int width, int channels, Rng rng) {
                first.apply(src, dst, height, width, channels, rng);
                next.apply(dst, 0, height, width, channels, rng);
            }

            @Override
            public String toString() {
                return first + " + " + next;
            }
        };
    }
}
