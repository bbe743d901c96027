package org.localexpert.core.abstain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.localexpert.core.tflite.LocalExpertMetadata;

/** {@link Familiarity}, {@link TaughtBank} and the rule's UNFAMILIAR verdict on small hand-made vectors. */
public class FamiliarityTest {
    /** Two reference vectors in 3-d: the x and y axes (not unit length: the bank normalises). */
    private static final float[] BANK = {2f, 0f, 0f, 0f, 5f, 0f};

    @Test
    public void similarityIsTheBestCosineToABankRow() {
        Familiarity f = new Familiarity(0.8f, "test", BANK, 3);
        assertEquals(1f, f.similarity(new float[] {3f, 0f, 0f}), 1e-6f);
        assertEquals((float) (1 / Math.sqrt(2)), f.similarity(new float[] {1f, 1f, 0f}), 1e-6f);
        assertEquals(0f, f.similarity(new float[] {0f, 0f, 1f}), 1e-6f);
        assertFalse(f.isUnfamiliar(f.similarity(new float[] {3f, 0.1f, 0f})));
        assertTrue(f.isUnfamiliar(f.similarity(new float[] {1f, 1f, 0f})));
        assertTrue("no signal at all is unfamiliar", f.isUnfamiliar(f.similarity(new float[3])));
    }

    @Test
    public void taughtRowsMakeTheirNeighbourhoodFamiliar() {
        Familiarity f = new Familiarity(0.8f, "test", BANK, 3);
        float[] z = {0.1f, 0f, 1f};
        assertTrue(f.isUnfamiliar(f.similarity(z)));
        Familiarity withUser = f.withBankRows(new float[] {0f, 0f, 7f}, "one taught sample");
        assertFalse(withUser.isUnfamiliar(withUser.similarity(z)));
        assertEquals(3, withUser.bankSize());
        assertTrue(withUser.derivation(), withUser.derivation().endsWith("bank + one taught sample"));
    }

    @Test
    public void cutFlagsTheAskedShareOfCalibrationScores() {
        float[] s = new float[100];
        for (int i = 0; i < s.length; i++) s[i] = (99 - i) / 100f;
        float cut = Familiarity.cutFlagging(s, 0.05);
        int below = 0;
        for (float v : s) if (v < cut) below++;
        assertEquals(5, below);
    }

    @Test
    public void metadataRoundTripAndRefusals() {
        LocalExpertMetadata meta = new LocalExpertMetadata();
        assertNull(Familiarity.fromMetadata(meta, BANK, 3));
        new Familiarity(0.7758f, "why", BANK, 3).writeTo(meta);
        Familiarity back = Familiarity.fromMetadata(meta, BANK, 3);
        assertEquals(0.7758f, back.threshold(), 1e-6f);
        assertEquals("why", back.derivation());
        try {
            new Familiarity(0.5f, "x", new float[] {1f, 2f}, 3);
            fail("a bank of partial rows must be refused");
        } catch (IllegalArgumentException expected) {
            // whole rows only
        }
    }

    @Test
    public void ruleSaysUnfamiliarBeforeConfidenceAndNeedsFeatures() {
        AbstentionRule rule = AbstentionRule.forHandwriting(new ConfidenceThreshold(0.9f, "test"))
                .withFamiliarity(new Familiarity(0.8f, "test", BANK, 3));
        assertTrue(rule.needsFeatures());
        float[] confident = {0.01f, 0.99f};
        AbstentionRule.Decision far = rule.decide(confident, new float[] {0f, 0f, 1f});
        assertEquals(AbstentionRule.Verdict.UNFAMILIAR, far.verdict());
        assertEquals(1, far.label());
        assertTrue(far.reason(), far.reason().startsWith("unlike anything it was taught (similarity 0.00 < 0.80)"));
        assertFalse(rule.decide(confident, new float[] {1f, 0.1f, 0f}).unsure());
        assertEquals(AbstentionRule.Verdict.LOW_CONFIDENCE, rule.decide(new float[] {0.4f, 0.6f}, new float[] {1f, 0f, 0f}).verdict());
        try {
            float[] drawing = new float[784];
            for (int i = 300; i < 480; i++) drawing[i] = 1f;
            rule.decide(drawing, 28, 28, 1, confident);
            fail("a rule with a familiarity check must not silently skip it");
        } catch (IllegalStateException expected) {
            // the caller has to give the GE's features
        }
    }

    @Test
    public void taughtBankRoundTripKeepsCosinesWithinAHundredth() {
        int f = 50, n = 7;
        float[] rows = new float[n * f];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < rows.length; i++) rows[i] = r.nextFloat() < 0.4f ? 0f : 4 * r.nextFloat();
        LocalExpertMetadata meta = TaughtBank.writeTo(new LocalExpertMetadata(), rows, f);
        float[] back = TaughtBank.readFrom(meta, f);
        assertEquals(rows.length, back.length);
        Familiarity original = new Familiarity(0f, "", rows, f);
        for (int i = 0; i < n; i++) {
            float[] q = java.util.Arrays.copyOfRange(back, i * f, (i + 1) * f);
            assertEquals("row " + i, 1f, original.similarity(q), 0.01f);
        }
        assertEquals(0, TaughtBank.readFrom(new LocalExpertMetadata(), f).length);
        try {
            TaughtBank.readFrom(meta, f + 1);
            fail("rows of another width must be refused");
        } catch (IllegalArgumentException expected) {
            // another GE's features
        }
    }
}
