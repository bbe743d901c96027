package org.localexpert.core.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The leaf view: a crop that stays inside the photo, drawn in all eight orientations of the square. */
public class RandomLeafViewTest {
    private static final int S = 16;

    /** Image whose value grows along x only: v = x / (S − 1). */
    private static float[] rampX(int h, int w) {
        float[] img = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = x / (float) (w - 1);
        return img;
    }

    /** Mean change of the image along x and along y: which way the ramp runs after the view. */
    private static double[] slope(float[] img, int h, int w) {
        double dx = 0, dy = 0;
        for (int y = 0; y < h - 1; y++) {
            for (int x = 0; x < w - 1; x++) {
                dx += img[y * w + x + 1] - img[y * w + x];
                dy += img[(y + 1) * w + x] - img[y * w + x];
            }
        }
        return new double[] {dx, dy};
    }

    @Test
    public void drawsAllEightOrientationsOfASquare() {
        RandomLeafView view = new RandomLeafView(0.5);
        Rng rng = new Rng(0);
        int[] seen = new int[4]; // ramp now runs +x, −x, +y, −y
        for (int i = 0; i < 400; i++) {
            float[] img = rampX(S, S);
            rng.reseed(i);
            view.apply(img, 0, S, S, 1, rng);
            for (float v : img) assertTrue("crop reads outside the photo: " + v, v >= 0f && v <= 1f);
            double[] s = slope(img, S, S);
            boolean alongX = Math.abs(s[0]) > Math.abs(s[1]);
            // (Border pixels blend a little with the fill where the crop's edge reaches half a pixel out.)
            assertTrue("a turned view has (almost) no x slope left, an unturned one no y slope: " + s[0] + ", " + s[1],
                    Math.abs(alongX ? s[1] : s[0]) < 0.02 * Math.abs(alongX ? s[0] : s[1]));
            seen[(alongX ? 0 : 2) + ((alongX ? s[0] : s[1]) > 0 ? 0 : 1)]++;
        }
        for (int k = 0; k < 4; k++) assertTrue("direction " + k + " drawn " + seen[k] + " times of 400", seen[k] > 60);
    }

    @Test
    public void neverTurnsANonSquareImage() {
        RandomLeafView view = new RandomLeafView(0.5);
        Rng rng = new Rng(0);
        for (int i = 0; i < 100; i++) {
            float[] img = rampX(S, 2 * S);
            rng.reseed(i);
            view.apply(img, 0, S, 2 * S, 1, rng);
            double[] s = slope(img, S, 2 * S);
            assertTrue("slopes " + s[0] + ", " + s[1], Math.abs(s[1]) < 0.02 * Math.abs(s[0]) && Math.abs(s[0]) > 0.1);
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsAnEmptyCrop() {
        new RandomLeafView(0);
    }
}
