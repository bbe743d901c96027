package org.localexpert.experiments.fp16;

/**
 * IEEE 754 binary16 ("half") conversions, round to nearest, ties to even — what a GPU does when it stores
 * a float32 value in a half-precision register or texture. {@code Float.floatToFloat16} would do, but it
 * exists only from Java 20 and this project builds with JDK 17; the code is pure bit arithmetic, so it
 * gives the same answer on every JVM.
 *
 * <p>Half has 1 sign bit, 5 exponent bits (bias 15) and 10 fraction bits: the largest finite value is
 * 65504, the smallest normal 2^-14, the smallest subnormal 2^-24. Values at or beyond 65520 (the midpoint
 * between 65504 and 2^16) become infinity; values at or below 2^-25 (the midpoint between 0 and 2^-24)
 * become a signed zero.
 */
public final class Half {
    private Half() {}

    /** {@code f} as half bits (in the low 16 bits), rounded to nearest, ties to even; NaN stays a (quiet) NaN. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            // Infinity keeps its sign; a NaN keeps its top payload bits and is made quiet so it cannot turn into infinity.
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15; // the exponent field the value would have as a half
        if (e >= 0x1f) return (short) (sign | 0x7c00); // 2^16 and above: too large for any half
        if (e <= 0) {
            // A half subnormal (or zero): the value in units of 2^-24, from the 24-bit significand with its
            // implicit 1. Below 2^-25 nothing is left (float subnormals land here too: e is then -112).
            if (e < -10) return (short) sign;
            int significand = mant | 0x800000;
            int shift = 14 - e; // 14..24 bits dropped
            int half = significand >>> shift;
            int rest = significand & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) half++; // a carry into 0x400 is the smallest normal: right
            return (short) (sign | half);
        }
        int h = sign | (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        // A carry out of the fraction bumps the exponent, and from 65504 reaches 0x7c00: infinity, as it should.
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) h++;
        return (short) h;
    }

    /** The float a half (its low 16 bits) stands for; exact (every half is a float). */
    public static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero): exact, mant < 2^10
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** {@code f} rounded to the nearest half and back: the value a half-precision GPU keeps. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }

    /** Rounds every value of {@code values} in place. */
    public static void roundAll(float[] values) {
        for (int i = 0; i < values.length; i++) values[i] = round(values[i]);
    }
}
