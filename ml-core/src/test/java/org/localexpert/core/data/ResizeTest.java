package org.localexpert.core.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

public class ResizeTest {
    @Test
    public void integerShrinkIsTheBoxMean() {
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}; // 4x4
        float[] out = Resize.resize(src, 4, 4, 1, 2, 2);
        assertArrayEquals(new float[] {(1 + 2 + 5 + 6) / 4f, (3 + 4 + 7 + 8) / 4f, (9 + 10 + 13 + 14) / 4f, (11 + 12 + 15 + 16) / 4f}, out, 1e-5f);
    }

    @Test
    public void fractionalShrinkWeighsPartialPixelsAndKeepsTheMean() {
        Random random = new Random(1);
        float[] src = new float[37 * 23 * 3];
        double mean = 0;
        for (int i = 0; i < src.length; i++) mean += src[i] = random.nextFloat();
        float[] out = Resize.resize(src, 37, 23, 3, 10, 7);
        double outMean = 0;
        for (float v : out) outMean += v;
        // area averaging conserves the mean exactly (up to rounding)
        assertEquals(mean / src.length, outMean / out.length, 1e-5);
        // 3 -> 2: the first output pixel is src0 + half of src1, over 1.5
        float[] row = Resize.resize(new float[] {3, 6, 9}, 3, 1, 1, 2, 1);
        assertArrayEquals(new float[] {(3 + 0.5f * 6) / 1.5f, (0.5f * 6 + 9) / 1.5f}, row, 1e-5f);
    }

    @Test
    public void enlargeIsBilinearWithAlignedCentres() {
        float[] out = Resize.resize(new float[] {0, 1}, 2, 1, 1, 4, 1);
        // output centres at 0.5, 1.5, 2.5, 3.5 map to source -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-6f);
        float[] same = {1, 2, 3, 4};
        assertArrayEquals(same, Resize.resize(same, 2, 2, 1, 2, 2), 0f);
    }

    @Test
    public void argbToRgbUnpacksAndCompositesOverWhite() {
        int[] argb = {0xFFFF0000, 0xFF00FF00, 0x00000000, 0x800000FF};
        float[] out = Resize.argbToRgb(argb, 4, 1, 4, 1);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 1, 1, 1, 127 / 255f, 127 / 255f, 1}, out, 1e-2f);
        float[] small = Resize.argbToRgb(argb, 4, 1, 1, 1);
        assertEquals((1 + 0 + 1 + 127 / 255f) / 4, small[0], 1e-2);
    }
}
