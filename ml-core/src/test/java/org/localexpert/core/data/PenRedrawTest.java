package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PenRedrawTest {
    /** A "1": a vertical bar {@code width} pixels wide, rows 4–23, centred. */
    private static float[] bar(int width) {
        float[] d = new float[28 * 28];
        for (int y = 4; y < 24; y++) for (int x = 14 - width / 2; x < 14 - width / 2 + width; x++) d[y * 28 + x] = 1f;
        return d;
    }

    private static double ink(float[] d) {
        double s = 0;
        for (float v : d) s += v;
        return s;
    }

    @Test
    public void thinningLeavesALineOnePixelWide() {
        int w = 20, h = 12;
        boolean[] img = new boolean[w * h];
        for (int y = 3; y < 8; y++) for (int x = 2; x < 18; x++) img[y * w + x] = true;
        PenRedraw.thin(img, w, h);
        for (int x = 6; x < 13; x++) {
            int column = 0;
            for (int y = 0; y < h; y++) if (img[y * w + x]) column++;
            assertEquals("column " + x, 1, column);
        }
    }

    @Test
    public void aThickStrokeComesBackAsThePenDrawsIt() {
        // A 6-pixel-wide bar redrawn with a pen of 5 % of its height: the same bar, about 1 pixel wide.
        float[] thick = bar(6), thin = PenRedraw.redraw(thick, 0.05f), wide = PenRedraw.redraw(thick, 0.10f);
        assertTrue("ink " + ink(thin) + " vs " + ink(thick), ink(thin) < ink(thick) / 3);
        assertTrue("a wider pen puts down more ink", ink(wide) > 1.5 * ink(thin));
        // still a vertical bar in the middle: the ink's rows span most of the field, its columns few
        int minCol = 28, maxCol = -1, rows = 0;
        for (int y = 0; y < 28; y++) {
            boolean any = false;
            for (int x = 0; x < 28; x++) {
                if (thin[y * 28 + x] > 0.2f) {
                    any = true;
                    minCol = Math.min(minCol, x);
                    maxCol = Math.max(maxCol, x);
                }
            }
            if (any) rows++;
        }
        assertTrue("rows " + rows, rows >= 18);
        assertTrue("columns " + minCol + ".." + maxCol, maxCol - minCol <= 3);
    }

    @Test
    public void aBlankFieldStaysBlank() {
        assertArrayEquals(new float[28 * 28], PenRedraw.redraw(new float[28 * 28], 0.07f), 0f);
    }
}
