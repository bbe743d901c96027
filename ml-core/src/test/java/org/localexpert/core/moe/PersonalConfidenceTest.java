package org.localexpert.core.moe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import org.junit.Test;
import org.localexpert.core.abstain.ConfidenceThreshold;

public class PersonalConfidenceTest {
    private static final ConfidenceThreshold GE = new ConfidenceThreshold(0.97f, "GE's cut");

    private static CrossValidation cv(float[] top, int[] labels) {
        return new CrossValidation(5, 0, 0, 0, top, labels);
    }

    @Test
    public void everyClassCountsTheSameSoANewSymbolIsNotOutvotedByTheDigits() {
        // 100 confident digits (class 0) and 10 drawings of a new symbol (class 1) the model is less sure of.
        float[] top = new float[110];
        int[] labels = new int[110];
        Arrays.fill(top, 0, 100, 0.995f);
        float[] symbol = {0.40f, 0.55f, 0.60f, 0.70f, 0.75f, 0.80f, 0.85f, 0.90f, 0.93f, 0.96f};
        for (int i = 0; i < 10; i++) {
            top[100 + i] = symbol[i];
            labels[100 + i] = 1;
        }
        ConfidenceThreshold cut = PersonalConfidence.cut(GE, cv(top, labels));
        // Each symbol drawing weighs 1 / (2 classes · 10) = 5 %: only the least sure one may fall below the cut.
        assertEquals(0.55f, cut.value(), 0f);
        assertTrue(cut.derivation(), cut.derivation().startsWith("personal: below it fall 5.0 % of the user's 110 samples"));
        assertTrue(cut.derivation(), cut.derivation().contains("stricter cut 0.9700 (GE's cut)"));
        // Counted per sample instead, 5 % of 110 would let 5 symbol drawings fall below; the GE's cut flags 9 of 10.
    }

    @Test
    public void neverStricterThanTheGesCut() {
        float[] top = new float[40];
        Arrays.fill(top, 0.999f);
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) labels[i] = i % 4;
        assertSame(GE, PersonalConfidence.cut(GE, cv(top, labels)));
    }

    @Test
    public void foldsThatCouldNotBeTrainedAreLeftOutAndNoGeCutMeansNone() {
        float[] top = {Float.NaN, Float.NaN, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f, 0.99f, 0.999f};
        int[] labels = {0, 1, 0, 0, 0, 0, 1, 1, 1, 1};
        ConfidenceThreshold cut = PersonalConfidence.cut(GE, cv(top, labels));
        // 4 usable samples per class: each weighs 12.5 %, more than the budget, so the cut sits at the least sure one.
        assertTrue(cut.derivation(), cut.derivation().contains("below it fall 0.0 % of the user's 8 samples"));
        assertEquals(0.5f, cut.value(), 0f);
        assertSame(GE, PersonalConfidence.cut(GE, cv(new float[] {Float.NaN, Float.NaN}, new int[] {0, 1})));
        assertNull(PersonalConfidence.cut(null, cv(top, labels)));
    }
}
