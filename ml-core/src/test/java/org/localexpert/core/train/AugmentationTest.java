package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class AugmentationTest {

    /** A 28x28 "digit": a bright 6x10 block slightly left of centre. */
    private static float[] digit() {
        float[] img = new float[28 * 28];
        for (int y = 9; y < 19; y++) for (int x = 8; x < 14; x++) img[y * 28 + x] = 1f;
        return img;
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }

    private static double[] centreOfMass(float[] img, int side) {
        double m = 0, cx = 0, cy = 0;
        for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) {
            float v = img[y * side + x];
            m += v;
            cx += v * x;
            cy += v * y;
        }
        return new double[] {cx / m, cy / m};
    }

    /**
     * Writing an augmented copy into another buffer (what personalization does, eight times per photo) gives
     * exactly the bits of copying and augmenting in place, for the photo and the digit recipes.
     */
    @Test
    public void augmentingIntoAnotherBufferEqualsAugmentingACopyInPlace() {
        java.util.Random r = new java.util.Random(3);
        float[] photo = new float[48 * 48 * 3], digit = new float[28 * 28];
        for (int i = 0; i < photo.length; i++) photo[i] = r.nextFloat();
        for (int i = 0; i < digit.length; i++) digit[i] = r.nextFloat() < 0.2f ? r.nextFloat() : 0f;
        Object[][] cases = {{PlantRecipes.photoAugmentation(), photo, 48, 3}, {RandomAffine.forDigits(1.5), digit, 28, 1},
                {new RandomLeafView(0.5), photo, 48, 3}};
        for (Object[] c : cases) {
            Augmentation a = (Augmentation) c[0];
            float[] src = (float[]) c[1];
            int side = (Integer) c[2], channels = (Integer) c[3];
            float[] before = src.clone(), into = new float[src.length];
            for (int seed = 0; seed < 20; seed++) {
                float[] inPlace = src.clone();
                a.apply(inPlace, 0, side, side, channels, new Rng(seed));
                a.apply(src, into, side, side, channels, new Rng(seed));
                assertArrayEquals(a + ", seed " + seed, inPlace, into, 0f);
                assertArrayEquals("the source is left as it was", before, src, 0f);
            }
        }
    }

    @Test
    public void identityAffineLeavesTheImageUnchanged() {
        float[] img = digit();
        new RandomAffine(0, 0, 0).apply(img, 0, 28, 28, 1, new Rng(1));
        assertArrayEquals(digit(), img, 1e-6f);
    }

    @Test
    public void pureShiftMovesTheInkByThatManyPixels() {
        // With a fixed 0 rotation/scale the shift is random within ±3; the centre of mass moves by
        // exactly that shift when no ink leaves the frame.
        float[] img = digit();
        Rng rng = new Rng(7);
        long state = rng.state();
        new RandomAffine(0, 0, 3).apply(img, 0, 28, 28, 1, rng);
        // Replay the draws: rotation, scale, then the two shifts.
        Rng replay = new Rng(state);
        replay.nextDouble();
        replay.nextDouble();
        double tx = replay.uniform(-3, 3);
        double ty = replay.uniform(-3, 3);
        double[] before = centreOfMass(digit(), 28);
        double[] after = centreOfMass(img, 28);
        assertEquals(before[0] + tx, after[0], 1e-3);
        assertEquals(before[1] + ty, after[1], 1e-3);
        assertEquals(sum(digit()), sum(img), 1e-3); // bilinear shifting keeps the ink
    }

    @Test
    public void sameSeedSameResultDifferentSeedDifferentResult() {
        RandomAffine aug = RandomAffine.forDigits();
        float[] a = digit(), b = digit(), c = digit();
        aug.apply(a, 0, 28, 28, 1, new Rng(Rng.mix(5, 1, 123)));
        aug.apply(b, 0, 28, 28, 1, new Rng(Rng.mix(5, 1, 123)));
        aug.apply(c, 0, 28, 28, 1, new Rng(Rng.mix(5, 2, 123)));
        assertArrayEquals(a, b, 0f);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    public void affineWorksOnOneImageInsideABatchWithoutTouchingTheOthers() {
        float[] batch = new float[3 * 784];
        System.arraycopy(digit(), 0, batch, 784, 784);
        java.util.Arrays.fill(batch, 0, 784, 0.5f);
        java.util.Arrays.fill(batch, 2 * 784, 3 * 784, 0.25f);
        RandomAffine.forDigits().apply(batch, 784, 28, 28, 1, new Rng(3));
        for (int i = 0; i < 784; i++) assertEquals(0.5f, batch[i], 0f);
        for (int i = 2 * 784; i < 3 * 784; i++) assertEquals(0.25f, batch[i], 0f);
        assertTrue(sum(java.util.Arrays.copyOfRange(batch, 784, 1568)) > 40);
    }

    @Test
    public void cropOfTheWholeImageIsIdentityOrMirror() {
        // Area 1 and an aspect near 1 give (close to) the whole frame: the result is the image or its mirror.
        float[] img = new float[4 * 5 * 3];
        for (int i = 0; i < img.length; i++) img[i] = (i * 37 % 11) / 11f;
        RandomCropFlip crop = new RandomCropFlip(1.0, false);
        for (int seed = 0; seed < 20; seed++) {
            float[] out = img.clone();
            Rng rng = new Rng(seed);
            crop.apply(out, 0, 4, 5, 3, rng);
            for (float v : out) assertTrue(v >= 0 && v <= 1);
        }
        // Mirror twice = identity when the crop is the full frame: check the flip arithmetic directly.
        float[] row = {0f, 0.25f, 0.5f, 0.75f, 1f};
        Resampler r = new Resampler();
        float[] flipped = row.clone();
        r.warp(flipped, 0, 1, 5, 1, -1, 0, 4, 0, 1, 0, 0f);
        assertArrayEquals(new float[] {1f, 0.75f, 0.5f, 0.25f, 0f}, flipped, 1e-6f);
    }

    @Test
    public void colorJitterWithZeroStrengthIsIdentityAndStaysInRange() {
        float[] img = new float[8 * 8 * 3];
        for (int i = 0; i < img.length; i++) img[i] = (i % 17) / 16f;
        float[] same = img.clone();
        new ColorJitter(0, 0, 0).apply(same, 0, 8, 8, 3, new Rng(1));
        assertArrayEquals(img, same, 1e-6f);
        ColorJitter strong = new ColorJitter(0.5, 0.5, 0.5);
        for (int seed = 0; seed < 10; seed++) {
            float[] out = img.clone();
            strong.apply(out, 0, 8, 8, 3, new Rng(seed));
            for (float v : out) assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    public void rngIsReproducibleAndRoughlyUniform() {
        Rng a = new Rng(99), b = new Rng(99);
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
        Rng r = new Rng(1);
        int[] buckets = new int[10];
        for (int i = 0; i < 100_000; i++) buckets[r.nextInt(10)]++;
        for (int n : buckets) assertTrue(n > 9_500 && n < 10_500);
        int[] p = Rng.permutation(50, 3);
        boolean[] seen = new boolean[50];
        for (int i : p) seen[i] = true;
        for (boolean s : seen) assertTrue(s);
        assertArrayEquals(p, Rng.permutation(50, 3));
    }
}
