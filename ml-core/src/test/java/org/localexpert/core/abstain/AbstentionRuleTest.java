package org.localexpert.core.abstain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

/** {@link AbstentionRule} and {@link InputCheck} on synthetic images. */
public class AbstentionRuleTest {
    private static final int S = 64;
    private final AbstentionRule rule = AbstentionRule.forLeafPhotos(new ConfidenceThreshold(0.62f, "test"));

    /** A smooth, colourful picture: a green blob with a brown spot on a lighter background. */
    static float[] leafLike() {
        float[] img = new float[S * S * 3];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                double d = Math.hypot(x - 32, y - 32) / 24.0, spot = Math.hypot(x - 40, y - 26) / 6.0;
                float g = (float) Math.max(0, 1 - d);
                int i = (y * S + x) * 3;
                img[i] = 0.7f - 0.5f * g + (spot < 1 ? 0.3f : 0f);
                img[i + 1] = 0.7f - 0.1f * g;
                img[i + 2] = 0.6f - 0.5f * g;
            }
        }
        return img;
    }

    @Test
    public void confidentPredictionOnAPhotoIsAnswered() {
        AbstentionRule.Decision d = rule.decide(leafLike(), S, S, 3, new float[] {0.03f, 0.95f, 0.02f});
        assertFalse(d.reason(), d.unsure());
        assertEquals(1, d.label());
        assertNull(d.reason());
        assertNull(d.inputProblem());
    }

    @Test
    public void lowConfidenceIsUnsureWithTheNumbers() {
        AbstentionRule.Decision d = rule.decide(leafLike(), S, S, 3, new float[] {0.41f, 0.39f, 0.20f});
        assertTrue(d.unsure());
        assertEquals(AbstentionRule.Verdict.LOW_CONFIDENCE, d.verdict());
        assertEquals("low confidence 0.41 < 0.62", d.reason());
        assertNull("no input check failed", d.inputProblem());
    }

    @Test
    public void uniformImageIsNotALeafEvenWhenTheModelIsConfident() {
        float[] img = new float[S * S * 3];
        for (int i = 0; i < img.length; i += 3) { img[i] = 0.2f; img[i + 1] = 0.6f; img[i + 2] = 0.1f; }
        AbstentionRule.Decision d = rule.decide(img, S, S, 3, new float[] {0.01f, 0.98f, 0.01f});
        assertEquals(AbstentionRule.Verdict.NOT_IN_DOMAIN, d.verdict());
        assertTrue(d.reason(), d.reason().startsWith("not a leaf photo: the image is nearly uniform"));
        assertEquals(InputCheck.Problem.NEARLY_UNIFORM, d.inputProblem());
    }

    @Test
    public void greyscaleAndNoiseAreNotLeaves() {
        float[] grey = leafLike();
        for (int i = 0; i < grey.length; i += 3) grey[i] = grey[i + 1] = grey[i + 2] = (grey[i] + grey[i + 1] + grey[i + 2]) / 3;
        AbstentionRule.Decision greyDecision = rule.decide(grey, S, S, 3, new float[] {0f, 1f});
        assertTrue(greyDecision.reason().contains("no colour"));
        assertEquals(InputCheck.Problem.NO_COLOUR, greyDecision.inputProblem());
        Random r = new Random(3);
        float[] noise = new float[S * S * 3];
        for (int i = 0; i < noise.length; i++) noise[i] = r.nextFloat();
        AbstentionRule.Decision noiseDecision = rule.decide(noise, S, S, 3, new float[] {0f, 1f});
        assertTrue(noiseDecision.reason().contains("noise"));
        assertEquals(InputCheck.Problem.NOISE, noiseDecision.inputProblem());
    }

    @Test
    public void handwritingRuleOnlyRefusesABlankCanvas() {
        AbstentionRule hw = AbstentionRule.forHandwriting(new ConfidenceThreshold(0.5f, "test"));
        float[] digit = new float[28 * 28];
        for (int y = 6; y < 22; y++) digit[y * 28 + 14] = 1f; // a "1": grey, sparse, still handwriting
        assertFalse(hw.decide(digit, 28, 28, 1, new float[] {0.1f, 0.9f}).unsure());
        assertTrue(hw.decide(new float[28 * 28], 28, 28, 1, new float[] {0.1f, 0.9f}).reason().startsWith("not handwriting: the image is nearly uniform"));
    }
}
