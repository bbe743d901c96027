package org.localexpert.core.train;

import java.util.Locale;

/**
 * Random brightness, contrast and saturation for RGB photos with values in [0, 1]: phone cameras,
 * white balance and daylight differ from farm to farm. Each factor is drawn from 1 ± its strength;
 * results are clamped back to [0, 1].
 */
public final class ColorJitter implements Augmentation {
    private final double brightness;
    private final double contrast;
    private final double saturation;

    public ColorJitter(double brightness, double contrast, double saturation) {
        check("brightness", brightness);
        check("contrast", contrast);
        check("saturation", saturation);
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
    }

    private static void check(String what, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(what + " strength must be in [0, 1), got " + v);
    }

    @Override
    public void apply(float[] data, int offset, int height, int width, int channels, Rng rng) {
        float b = (float) (1 + rng.uniform(-brightness, brightness));
        float c = (float) (1 + rng.uniform(-contrast, contrast));
        float s = (float) (1 + rng.uniform(-saturation, saturation));
        int pixels = height * width;
        int end = offset + pixels * channels;
        // Contrast pivots on the mean grey level (after brightness), as torchvision does.
        double sum = 0;
        for (int i = offset; i < end; i += channels) sum += grey(data, i, channels);
        float mean = (float) (sum / pixels) * b;
        if (channels == 3) {
            // The loop below for RGB, unrolled (same operations in the same order).
            for (int i = offset; i < end; i += 3) {
                float r0 = data[i], g0 = data[i + 1], b0 = data[i + 2];
                float g = (0.299f * r0 + 0.587f * g0 + 0.114f * b0) * b;
                data[i] = clamp(mean + ((g + (r0 * b - g) * s) - mean) * c);
                data[i + 1] = clamp(mean + ((g + (g0 * b - g) * s) - mean) * c);
                data[i + 2] = clamp(mean + ((g + (b0 * b - g) * s) - mean) * c);
            }
            return;
        }
        for (int i = offset; i < end; i += channels) {
            float g = grey(data, i, channels) * b;
            for (int ch = 0; ch < channels; ch++) {
                float v = data[i + ch] * b;
                if (channels == 3) v = g + (v - g) * s;
                v = mean + (v - mean) * c;
                data[i + ch] = Math.max(0f, Math.min(1f, v));
            }
        }
    }

    /** v clamped to [0, 1] (as Math.max(0, Math.min(1, v)) for every number, with fewer instructions). */
    private static float clamp(float v) {
        return v > 0f ? (v < 1f ? v : 1f) : 0f;
    }

    /** ITU-R BT.601 luma for RGB; the value itself for grey images. */
    private static float grey(float[] data, int i, int channels) {
        return channels == 3 ? 0.299f * data[i] + 0.587f * data[i + 1] + 0.114f * data[i + 2] : data[i];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "jitter(brightness ±%.2f, contrast ±%.2f, saturation ±%.2f)", brightness, contrast, saturation);
    }
}
