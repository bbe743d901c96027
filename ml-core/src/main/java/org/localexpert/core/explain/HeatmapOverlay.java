package org.localexpert.core.explain;

/**
 * The picture the user sees: a Grad-CAM heat map in a jet-like colour map (blue = cold, red = hot)
 * blended over the photo at {@link #ALPHA}. Pure Java on ARGB ints, so the app (Bitmap.getPixels /
 * setPixels) and the CLI ({@code org.localexpert.host.HeatmapImage}, a PNG) draw the same pixels.
 */
public final class HeatmapOverlay {
    /** Opacity of the colour map: enough to read the heat, little enough to still see the leaf. */
    public static final float ALPHA = 0.45f;

    private HeatmapOverlay() {}

    /**
     * The photo {@code argb} [height * width] with {@code heat} [heatH * heatW] (values in [0, 1],
     * any resolution: resized bilinearly to the photo) blended over it; opaque ARGB out.
     */
    public static int[] blend(int[] argb, int width, int height, float[] heat, int heatH, int heatW) {
        if (argb.length != width * height) throw new IllegalArgumentException(argb.length + " pixels for a " + width + "x" + height + " photo");
        if (heat.length != heatH * heatW) throw new IllegalArgumentException(heat.length + " heat values for " + heatW + "x" + heatH);
        float[] h = heatH == height && heatW == width ? heat : GradCam.upsample(heat, heatH, heatW, height, width);
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int colour = jet(h[i]);
            int p = argb[i];
            int r = mix((p >> 16) & 0xFF, (colour >> 16) & 0xFF);
            int g = mix((p >> 8) & 0xFF, (colour >> 8) & 0xFF);
            int b = mix(p & 0xFF, colour & 0xFF);
            out[i] = 0xFF000000 | (r << 16) | (g << 8) | b;
        }
        return out;
    }

    private static int mix(int photo, int colour) {
        return Math.round((1 - ALPHA) * photo + ALPHA * colour);
    }

    /** Jet-like colour of v in [0, 1]: dark blue → blue → cyan → yellow → red → dark red, as opaque RGB. */
    public static int jet(float v) {
        float t = Math.max(0f, Math.min(1f, v));
        int r = channel(1.5f - Math.abs(4 * t - 3));
        int g = channel(1.5f - Math.abs(4 * t - 2));
        int b = channel(1.5f - Math.abs(4 * t - 1));
        return 0xFF000000 | (r << 16) | (g << 8) | b;
    }

    private static int channel(float v) {
        return Math.round(255 * Math.max(0f, Math.min(1f, v)));
    }
}
