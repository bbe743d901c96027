package org.localexpert.core.data;

import java.util.Arrays;
import java.util.List;

/**
 * The one handwriting path, used by image-folder loading and by the app's drawing canvas:
 * strokes or a bitmap in, a 28x28 MNIST-style digit out (values in [0, 1], ink white on black,
 * the same scaling as {@link Mnist}).
 *
 * <p>The MNIST recipe, step by step:
 * <ol>
 * <li>grey: ARGB to luminance (Rec. 601 weights); a transparent background is composited over the
 * colour that contrasts with the ink, so "black ink on nothing" and "white ink on nothing" work;</li>
 * <li>polarity: the background level is the median of the image's outer ring of pixels; if it is
 * light the image is inverted, so ink is always white on black;</li>
 * <li>contrast: background mapped to 0 and the brightest ink to 1 (grey paper, faint pencil), and
 * values below {@value #NOISE_FLOOR} cleared so paper texture does not count as ink;</li>
 * <li>crop to the ink's bounding box; fit it into 20x20 keeping the aspect ratio
 * ({@link Resize}: area average when shrinking, bilinear when enlarging);</li>
 * <li>place it in 28x28 so that its centre of mass lands on the centre pixel (whole-pixel shift,
 * as MNIST did, so no extra blur).</li>
 * </ol>
 * Strokes are first drawn by {@link StrokeRasterizer} at a resolution where the drawing's longer
 * side is {@value #STROKE_RENDER_SIZE} px (4x the 20 px box, so area averaging anti-aliases them),
 * then follow the same steps from 3 on.
 */
public final class HandwritingPreprocessor {
    public static final int SIDE = 28;
    public static final int BOX = 20;
    public static final int[] SHAPE = {SIDE, SIDE, 1};
    /** Normalised intensities below this are background (paper grain, JPEG noise). */
    static final float NOISE_FLOOR = 0.05f;
    /** Ink must stand out from the background by at least this much, else the image is blank. */
    static final float MIN_CONTRAST = 0.1f;
    static final int STROKE_RENDER_SIZE = 80;
    /** The field's centre in pixel-index coordinates (pixel i spans [i, i+1), its centre is at i). */
    static final float CENTRE = SIDE / 2f;

    private HandwritingPreprocessor() {
    }

    /** Strokes from a drawing canvas (any coordinates, any pen width) to a 28x28 digit. */
    public static float[] fromStrokes(List<Stroke> strokes) {
        if (strokes.isEmpty()) throw new DataException("nothing drawn: no strokes");
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (Stroke s : strokes) {
            float r = s.penWidth() / 2f;
            for (int i = 0; i < s.points(); i++) {
                minX = Math.min(minX, s.x(i) - r);
                maxX = Math.max(maxX, s.x(i) + r);
                minY = Math.min(minY, s.y(i) - r);
                maxY = Math.max(maxY, s.y(i) + r);
            }
        }
        float longer = Math.max(maxX - minX, maxY - minY);
        float scale = STROKE_RENDER_SIZE / longer;
        // one empty pixel of margin on every side
        int width = (int) Math.ceil((maxX - minX) * scale) + 2;
        int height = (int) Math.ceil((maxY - minY) * scale) + 2;
        GreyImage ink = StrokeRasterizer.rasterize(strokes, width, height, scale, minX - 1 / scale, minY - 1 / scale);
        return fromInkWhite(ink);
    }

    /** A bitmap (ARGB ints, any size, any polarity, possibly transparent) to a 28x28 digit. */
    public static float[] fromArgb(int[] argb, int width, int height) {
        return fromGrey(toGrey(argb, width, height));
    }

    /** A grey image of unknown polarity (ink dark on light or light on dark) to a 28x28 digit. */
    public static float[] fromGrey(GreyImage grey) {
        return fromInkWhite(normalisePolarity(grey));
    }

    /** ARGB to grey in [0, 1]; transparency composited over the colour contrasting with the ink. */
    public static GreyImage toGrey(int[] argb, int width, int height) {
        if ((long) width * height != argb.length) throw new IllegalArgumentException(width + "x" + height + " needs " + (long) width * height + " pixels, got " + argb.length);
        float[] lum = new float[argb.length];
        float[] alpha = new float[argb.length];
        boolean transparent = false;
        double inkSum = 0, alphaSum = 0;
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            alpha[i] = (p >>> 24) / 255f;
            lum[i] = (0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF)) / 255f;
            if (alpha[i] < 1f) transparent = true;
            inkSum += alpha[i] * lum[i];
            alphaSum += alpha[i];
        }
        if (transparent) {
            // The opaque part is the drawing: put it on the background that contrasts with it.
            float background = alphaSum > 0 && inkSum / alphaSum < 0.5 ? 1f : 0f;
            for (int i = 0; i < lum.length; i++) lum[i] = alpha[i] * lum[i] + (1 - alpha[i]) * background;
        }
        return new GreyImage(width, height, lum);
    }

    /**
     * Ink white on black, background 0, brightest ink 1. Throws {@link DataException} when there
     * is no ink (a blank or uniform image).
     */
    public static GreyImage normalisePolarity(GreyImage grey) {
        float background = borderMedian(grey);
        float[] v = grey.values().clone();
        if (background > 0.5f) {
            for (int i = 0; i < v.length; i++) v[i] = 1f - v[i];
            background = 1f - background;
        }
        float peak = 0;
        for (float x : v) peak = Math.max(peak, x);
        if (peak - background < MIN_CONTRAST) {
            throw new DataException("no handwriting found: the image is blank or has no contrast");
        }
        float range = peak - background;
        for (int i = 0; i < v.length; i++) {
            float x = (v[i] - background) / range;
            v[i] = x < NOISE_FLOOR ? 0f : Math.min(x, 1f);
        }
        return new GreyImage(grey.width(), grey.height(), v);
    }

    /** Steps 4-5 on an image whose ink is already white on black. */
    public static float[] fromInkWhite(GreyImage ink) {
        int w = ink.width(), h = ink.height();
        float[] v = ink.values();
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (v[y * w + x] >= NOISE_FLOOR) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
            }
        }
        if (x1 < 0) throw new DataException("no handwriting found: the image is blank");
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        float[] crop = new float[cw * ch];
        for (int y = 0; y < ch; y++) System.arraycopy(v, (y0 + y) * w + x0, crop, y * cw, cw);

        float scale = (float) BOX / Math.max(cw, ch);
        int fw = Math.max(1, Math.min(BOX, Math.round(cw * scale)));
        int fh = Math.max(1, Math.min(BOX, Math.round(ch * scale)));
        float[] fitted = Resize.resize(crop, cw, ch, 1, fw, fh);

        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                float m = fitted[y * fw + x];
                mass += m;
                mx += m * x;
                my += m * y;
            }
        }
        // mass > 0: the crop holds at least one ink pixel and resampling keeps the mean
        int offsetX = (int) Math.round(CENTRE - mx / mass);
        int offsetY = (int) Math.round(CENTRE - my / mass);
        float[] out = new float[SIDE * SIDE];
        for (int y = 0; y < fh; y++) {
            int ty = y + offsetY;
            if (ty < 0 || ty >= SIDE) continue;
            for (int x = 0; x < fw; x++) {
                int tx = x + offsetX;
                if (tx < 0 || tx >= SIDE) continue;
                out[ty * SIDE + tx] = Math.min(1f, Math.max(0f, fitted[y * fw + x]));
            }
        }
        return out;
    }

    /** Median of the outer ring of pixels: the background level when the drawing has a margin. */
    static float borderMedian(GreyImage g) {
        int w = g.width(), h = g.height();
        int n = (h == 1 || w == 1) ? w * h : 2 * w + 2 * (h - 2);
        float[] ring = new float[n];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) ring[k++] = g.get(x, y);
            }
        }
        Arrays.sort(ring, 0, k);
        return ring[k / 2];
    }
}
