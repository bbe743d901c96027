package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;

import java.util.Random;
import org.junit.Test;

/** The fast path for axis-aligned maps (every crop, flip and 90° turn) gives the general loop's bits. */
public class ResamplerTest {
    @Test
    public void axisAlignedMapsGiveTheGeneralLoopsBits() {
        Random r = new Random(7);
        int h = 37, w = 37;
        for (int channels : new int[] {1, 3}) {
            float[] src = new float[h * w * channels];
            for (int i = 0; i < src.length; i++) src[i] = r.nextFloat();
            Resampler fast = new Resampler(), reference = new Resampler();
            for (int t = 0; t < 200; t++) {
                double p = (r.nextBoolean() ? 1 : -1) * r.nextDouble() * 1.2, q = (r.nextBoolean() ? 1 : -1) * r.nextDouble() * 1.2;
                double c = r.nextDouble() * 40 - 2, f = r.nextDouble() * 40 - 2;
                double zero = r.nextBoolean() ? 0.0 : -0.0; // mirrored maps carry negative zeros
                boolean turned = r.nextBoolean();
                double a = turned ? zero : p, b = turned ? p : zero, d = turned ? q : zero, e = turned ? zero : q;
                float[] got = new float[src.length], want = new float[src.length];
                fast.warp(src, got, 0, h, w, channels, a, b, c, d, e, f, 0.25f);
                reference.general(src, want, 0, h, w, channels, a, b, c, d, e, f, 0.25f);
                assertArrayEquals("map " + t + (turned ? " (turned)" : ""), want, got, 0f);
            }
        }
    }
}
