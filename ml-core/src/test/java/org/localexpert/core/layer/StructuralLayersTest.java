package org.localexpert.core.layer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.tensor.Tensor;

/** Layers that move values around: reshape, concatenate, slice, channel shuffle. */
public class StructuralLayersTest {
    private final Random rng = new Random(12);

    @Test
    public void flattenAndReshape() {
        Tensor x = GradientCheck.random(rng, 0f, 2, 3, 4, 5);
        Tensor f = new Flatten("flat").forward(x, false);
        assertArrayEquals(new int[] {2, 60}, f.shape());
        assertArrayEquals(x.data(), f.data(), 0f);
        GradientCheck.check(new Flatten("flat"), true, x);
        Reshape r = new Reshape("r", 6, -1);
        assertArrayEquals(new int[] {2, 6, 10}, r.forward(x, false).shape());
        GradientCheck.check(r, true, x);
        try {
            new Reshape("r7", 7, -1).forward(x, false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("r7") && e.getMessage().contains("cannot reshape"));
        }
    }

    @Test
    public void concatenateChannelsAndFeatures() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 1, 2), b = Tensor.of(new float[] {5, 6}, 2, 1, 1, 1);
        Concatenate c = new Concatenate("cat");
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, c.forward(new Tensor[] {a, b}, false).data(), 0f);
        GradientCheck.check(c, true, GradientCheck.random(rng, 0f, 2, 3, 3, 2), GradientCheck.random(rng, 0f, 2, 3, 3, 3));
        GradientCheck.check(new Concatenate("cat2", 1), true, GradientCheck.random(rng, 0f, 2, 4), GradientCheck.random(rng, 0f, 2, 3),
                GradientCheck.random(rng, 0f, 2, 1));
        GradientCheck.check(new Concatenate("cat3", 2), true, GradientCheck.random(rng, 0f, 2, 3, 2, 2), GradientCheck.random(rng, 0f, 2, 3, 1, 2));
        try {
            c.forward(new Tensor[] {Tensor.zeros(2, 3, 3, 2), Tensor.zeros(2, 4, 3, 2)}, false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("outside axis"));
        }
    }

    @Test
    public void sliceTakesAChannelRange() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 4);
        assertArrayEquals(new float[] {1, 2, 5, 6}, new Slice("s", 1, 2).forward(x, false).data(), 0f);
        GradientCheck.check(new Slice("s", 2, 3), true, GradientCheck.random(rng, 0f, 2, 3, 3, 6));
        try {
            new Slice("s", 3, 2).forward(x, false);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("[3, 5)"));
        }
    }

    @Test
    public void channelShuffleMatchesThePaperAndItsSliceExport() {
        // 6 channels, 2 groups: [a0 a1 a2 | b0 b1 b2] → a0 b0 a1 b1 a2 b2
        ChannelShuffle s = new ChannelShuffle("shuffle", 6, 2);
        Tensor x = Tensor.of(new float[] {0, 1, 2, 10, 11, 12}, 1, 1, 1, 6);
        assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, s.forward(x, false).data(), 0f);
        // groups = C/2: even channels then odd channels — two stride-2 slices + concat on export
        ChannelShuffle half = new ChannelShuffle("shuffle2", 6, 3);
        assertArrayEquals(new float[] {0, 2, 11, 1, 10, 12}, half.forward(x, false).data(), 0f);
        // the documented export: block q = channels q, q+C/g, ... (stride C/g)
        int[] perm = half.permutation();
        int per = 6 / 3;
        for (int q = 0; q < per; q++) for (int r = 0; r < 3; r++) assertTrue(perm[q * 3 + r] == q + r * per);
        GradientCheck.check(new ChannelShuffle("sh", 8, 2), true, GradientCheck.random(rng, 0f, 2, 2, 3, 8));
    }
}
