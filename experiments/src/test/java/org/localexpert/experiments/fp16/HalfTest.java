package org.localexpert.experiments.fp16;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * {@link Half} against values worked out from the binary16 format (also checked once against JDK 25's
 * {@code Float.floatToFloat16} for all 2^32 floats and {@code float16ToFloat} for all 2^16 halves:
 * no difference; JDK 17, which builds this project, has neither).
 */
public class HalfTest {
    private static void bits(int expected, float f) {
        assertEquals("half bits of " + f + " (" + Float.toHexString(f) + ")", Integer.toHexString(expected), Integer.toHexString(Half.fromFloat(f) & 0xffff));
    }

    @Test
    public void ordinaryValues() {
        bits(0x3c00, 1f);
        bits(0xbc00, -1f);
        bits(0x4000, 2f);
        bits(0x3555, 1f / 3);   // 0.333251953125
        bits(0x2e66, 0.1f);     // 0.0999755859375
        bits(0x7bff, 65504f);   // largest finite half
        bits(0x0000, 0f);
        bits(0x8000, -0f);
        assertEquals(0.0999755859375f, Half.round(0.1f), 0f);
        assertEquals(0.333251953125f, Half.round(1f / 3), 0f);
    }

    @Test
    public void tiesGoToEven() {
        // Between 1 and the next half 1 + 2^-10 the midpoint 1 + 2^-11 goes to 1 (even fraction) ...
        bits(0x3c00, 1f + 0x1p-11f);
        // ... just above the midpoint rounds up ...
        bits(0x3c01, 1f + 0x1p-11f + 0x1p-23f);
        // ... and the midpoint between 1 + 2^-10 (odd) and 1 + 2^-9 (even) goes up to the even one.
        bits(0x3c02, 1f + 3 * 0x1p-11f);
        // 2049 is halfway between 2048 and 2050: even fraction is 2048.
        bits(0x6800, 2049f);
        bits(0x6802, 2051f); // halfway between 2050 (odd) and 2052 (even)
    }

    @Test
    public void overflowGoesToInfinity() {
        bits(0x7bff, 65519f);          // below the midpoint 65520: stays the largest finite
        bits(0x7c00, 65520f);          // the midpoint: ties to even, and the even neighbour is 2^16 = infinity
        bits(0x7c00, 1e6f);
        bits(0xfc00, -1e6f);
        bits(0x7c00, Float.POSITIVE_INFINITY);
        bits(0xfc00, Float.NEGATIVE_INFINITY);
        assertEquals(Float.POSITIVE_INFINITY, Half.round(70000f), 0f);
        assertTrue(Float.isNaN(Half.round(Float.NaN)));
        assertTrue("a NaN must not become infinity", Float.isNaN(Half.toFloat(Half.fromFloat(Float.intBitsToFloat(0x7f800001)))));
    }

    @Test
    public void subnormalsAndUnderflow() {
        bits(0x0400, 0x1p-14f);        // smallest normal
        bits(0x03ff, 1023 * 0x1p-24f); // largest subnormal
        bits(0x0001, 0x1p-24f);        // smallest subnormal
        bits(0x0000, 0x1p-25f);        // midpoint between 0 and 2^-24: ties to even, i.e. zero
        bits(0x0001, 0x1.8p-25f);      // above the midpoint
        bits(0x8001, -0x1.8p-25f);
        bits(0x0002, 3 * 0x1p-25f);    // 1.5 · 2^-24: midpoint of 1 (odd) and 2 (even) subnormal units
        bits(0x0002, 5 * 0x1p-25f);    // 2.5 units: midpoint of 2 (even) and 3
        bits(0x0400, 0x1p-14f - 0x1p-26f); // rounds up out of the subnormals into the smallest normal
        bits(0x0000, Float.MIN_VALUE); // a float subnormal is far below any half
        bits(0x8000, -Float.MIN_VALUE);
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001), 0f);
        assertEquals(1023 * 0x1p-24f, Half.toFloat((short) 0x03ff), 0f);
        assertEquals(-0x1p-24f, Half.toFloat((short) 0x8001), 0f);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Half.toFloat((short) 0x8000)));
    }

    @Test
    public void everyHalfSurvivesTheRoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (Float.isNaN(f)) continue;
            assertEquals("half " + Integer.toHexString(h), h, Half.fromFloat(f) & 0xffff);
        }
        float[] v = {1f, 0.1f, 1e6f};
        Half.roundAll(v);
        assertEquals(0.0999755859375f, v[1], 0f);
        assertEquals(Float.POSITIVE_INFINITY, v[2], 0f);
    }
}
