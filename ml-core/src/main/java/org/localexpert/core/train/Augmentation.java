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
            public String toString() {
                return first + " + " + next;
            }
        };
    }
}
