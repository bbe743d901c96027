package org.localexpert.core.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

public class HandwritingPreprocessorTest {

    @Test
    public void mnistDigitsPassThroughNearlyUnchanged() {
        assumeTrue(DataLocation.missingMessage(DataLocation.MNIST), DataLocation.has(DataLocation.MNIST));
        Dataset test = Mnist.loadIdxFolder(DataLocation.require(DataLocation.MNIST), Mnist.Part.TEST);
        double sum = 0;
        int below = 0;
        for (Example e : test.examples()) {
            float[] again = HandwritingPreprocessor.fromGrey(new GreyImage(28, 28, e.features()));
            double c = correlation(e.features(), again);
            sum += c;
            if (c < 0.9) below++;
        }
        double mean = sum / test.size();
        System.out.printf("MNIST t10k re-preprocessed: mean correlation %.4f, %d of %d below 0.9%n", mean, below, test.size());
        assertTrue("mean correlation " + mean, mean > 0.99);
        assertTrue(below + " digits below 0.9", below < test.size() / 100);
    }

    @Test
    public void polarityAndTransparencyGiveTheSameDigit() {
        float[] digit = syntheticSeven();
        int w = 40, h = 50;
        int[] whiteOnBlack = new int[w * h], blackOnWhite = new int[w * h], blackOnTransparent = new int[w * h],
                whiteOnTransparent = new int[w * h], redOnWhite = new int[w * h];
        for (int i = 0; i < w * h; i++) {
            int v = Math.round(digit[i] * 255);
            whiteOnBlack[i] = 0xFF000000 | v << 16 | v << 8 | v;
            int inv = 255 - v;
            blackOnWhite[i] = 0xFF000000 | inv << 16 | inv << 8 | inv;
            blackOnTransparent[i] = v << 24; // black ink, alpha = coverage
            whiteOnTransparent[i] = v << 24 | 0xFFFFFF;
            redOnWhite[i] = 0xFF000000 | 0xFF << 16 | inv << 8 | inv; // red pen on white paper
        }
        float[] reference = HandwritingPreprocessor.fromArgb(whiteOnBlack, w, h);
        assertTrue(maxDiff(reference, HandwritingPreprocessor.fromArgb(blackOnWhite, w, h)) < 1e-5);
        assertTrue(maxDiff(reference, HandwritingPreprocessor.fromArgb(blackOnTransparent, w, h)) < 1e-5);
        assertTrue(maxDiff(reference, HandwritingPreprocessor.fromArgb(whiteOnTransparent, w, h)) < 1e-5);
        assertTrue("red pen", correlation(reference, HandwritingPreprocessor.fromArgb(redOnWhite, w, h)) > 0.99);
    }

    @Test
    public void greyPaperAndFaintInkAreStretched() {
        float[] digit = syntheticSeven();
        float[] paper = new float[digit.length];
        for (int i = 0; i < digit.length; i++) paper[i] = 0.8f - 0.4f * digit[i]; // grey ink on light grey paper
        float[] a = HandwritingPreprocessor.fromGrey(new GreyImage(40, 50, digit));
        float[] b = HandwritingPreprocessor.fromGrey(new GreyImage(40, 50, paper));
        assertTrue(maxDiff(a, b) < 1e-4);
        float max = 0;
        for (float v : b) max = Math.max(max, v);
        assertEquals(1f, max, 1e-6f);
    }

    @Test
    public void outputIsFittedIn20x20AndCentredByMass() {
        float[] out = HandwritingPreprocessor.fromGrey(new GreyImage(40, 50, syntheticSeven()));
        int[] box = inkBox(out);
        int boxW = box[2] - box[0] + 1, boxH = box[3] - box[1] + 1;
        assertEquals(20, Math.max(boxW, boxH));
        double[] com = centreOfMass(out);
        assertEquals(14, com[0], 0.5);
        assertEquals(14, com[1], 0.5);
    }

    @Test
    public void aStrokedOneLandsCentredAndUpright() {
        // a vertical "1" drawn at the canvas's left, with a thick pen
        Stroke one = new Stroke(new float[] {100, 40, 101, 140, 102, 240}, 24);
        float[] out = HandwritingPreprocessor.fromStrokes(Collections.singletonList(one));
        int[] box = inkBox(out);
        assertEquals("fills the box's height", 20, box[3] - box[1] + 1);
        assertTrue("narrow: " + Arrays.toString(box), box[2] - box[0] + 1 <= 5);
        double[] com = centreOfMass(out);
        assertEquals(14, com[0], 0.5);
        assertEquals(14, com[1], 0.5);
        // anti-aliased: edge pixels between ink and background exist
        int partial = 0;
        for (float v : out) if (v > 0.05f && v < 0.95f) partial++;
        assertTrue(partial > 0);
        // the same "1" drawn small in another place and with a proportionally thin pen gives the same digit
        Stroke small = new Stroke(new float[] {10, 4, 10.1f, 14, 10.2f, 24}, 2.4f);
        assertTrue(maxDiff(out, HandwritingPreprocessor.fromStrokes(Collections.singletonList(small))) < 1e-3);
    }

    @Test
    public void strokesAndTheirBitmapAgree() {
        // The canvas may hand over strokes or a screenshot of them: both must give nearly the same digit.
        Stroke seven = new Stroke(new float[] {20, 20, 80, 20, 50, 110}, 8);
        float[] fromStrokes = HandwritingPreprocessor.fromStrokes(Collections.singletonList(seven));
        GreyImage canvas = StrokeRasterizer.rasterize(Collections.singletonList(seven), 100, 130);
        float[] fromBitmap = HandwritingPreprocessor.fromGrey(canvas);
        assertTrue(correlation(fromStrokes, fromBitmap) > 0.97);
    }

    @Test
    public void rasterizerDrawsRoundCapsAndAntiAliasedEdges() {
        GreyImage img = StrokeRasterizer.rasterize(Collections.singletonList(new Stroke(new float[] {10, 10}, 6)), 21, 21);
        assertEquals(1f, img.get(10, 10), 0f); // centre of the dot
        assertEquals(0f, img.get(0, 0), 0f);
        // a dot is round: same coverage at equal distance in every direction
        assertEquals(img.get(12, 10), img.get(10, 12), 1e-6f);
        assertEquals(img.get(7, 10), img.get(10, 7), 1e-6f);
        assertTrue(img.get(12, 10) > 0.9f);
        assertEquals(0f, img.get(12, 12), 0f); // the corner of a square cap would be ink
    }

    @Test
    public void blankInputIsRejectedClearly() {
        for (float level : new float[] {0f, 1f, 0.5f}) {
            float[] flat = new float[100];
            Arrays.fill(flat, level);
            try {
                HandwritingPreprocessor.fromGrey(new GreyImage(10, 10, flat));
                fail();
            } catch (DataException e) {
                assertTrue(e.getMessage().contains("no handwriting"));
            }
        }
        try {
            HandwritingPreprocessor.fromArgb(new int[] {0xFFFFFFFF}, 1, 1);
            fail();
        } catch (DataException expected) {
            // a 1x1 image cannot hold a digit
        }
    }

    @Test
    public void badStrokesAreRefused() {
        for (Runnable bad : new Runnable[] {
                () -> new Stroke(new float[] {1}, 3),
                () -> new Stroke(new float[0], 3),
                () -> new Stroke(new float[] {1, 2}, 0),
                () -> new Stroke(new float[] {1, Float.NaN}, 3),
                () -> HandwritingPreprocessor.fromStrokes(Collections.<Stroke>emptyList())}) {
            try {
                bad.run();
                fail();
            } catch (IllegalArgumentException | DataException expected) {
                assertTrue(expected.getMessage() != null);
            }
        }
    }

    /** A "7"-like shape on 40x50: a bar and a diagonal, ink white. */
    static float[] syntheticSeven() {
        Stroke seven = new Stroke(new float[] {8, 8, 32, 8, 18, 42}, 4);
        return StrokeRasterizer.rasterize(Collections.singletonList(seven), 40, 50).values();
    }

    static int[] inkBox(float[] img) {
        int x0 = 28, y0 = 28, x1 = -1, y1 = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (img[y * 28 + x] > 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new int[] {x0, y0, x1, y1};
    }

    static double[] centreOfMass(float[] img) {
        double m = 0, mx = 0, my = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                m += img[y * 28 + x];
                mx += img[y * 28 + x] * x;
                my += img[y * 28 + x] * y;
            }
        }
        return new double[] {mx / m, my / m};
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double s = 0, sa = 0, sb = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
            sa += (a[i] - ma) * (a[i] - ma);
            sb += (b[i] - mb) * (b[i] - mb);
        }
        return s / Math.sqrt(sa * sb);
    }
}
