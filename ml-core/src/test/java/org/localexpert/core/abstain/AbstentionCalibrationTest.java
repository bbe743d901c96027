package org.localexpert.core.abstain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.localexpert.core.tflite.LocalExpertMetadata;

/** {@link ConfidenceThreshold#calibrate} on hand-made validation results. */
public class AbstentionCalibrationTest {
    @Test
    public void picksTheSmallestThresholdThatReachesTheTarget() {
        // Sorted by confidence: 0.99 R, 0.95 R, 0.90 R, 0.80 W, 0.70 R, 0.60 R, 0.50 W, 0.40 W
        float[] conf = {0.70f, 0.99f, 0.50f, 0.90f, 0.80f, 0.95f, 0.40f, 0.60f};
        boolean[] ok = {true, true, false, true, false, true, false, true};
        // 100 %: only the top three answer -> threshold 0.90.
        assertEquals(0.90f, ConfidenceThreshold.calibrate(conf, ok, 1.0).value(), 0f);
        // 80 %: top 5 = 4/5 right, top 6 = 5/6 (83 %) right, top 7 = 5/7 (71 %) -> threshold 0.60.
        assertEquals(0.60f, ConfidenceThreshold.calibrate(conf, ok, 0.80).value(), 0f);
        // 62.5 % = 5/8: everything answers -> threshold 0.
        ConfidenceThreshold all = ConfidenceThreshold.calibrate(conf, ok, 0.625);
        assertEquals(0f, all.value(), 0f);
        assertTrue(all.derivation(), all.derivation().contains("8 of 8 answered"));
    }

    @Test
    public void tiedConfidencesAreAnsweredOrRefusedTogether() {
        // Two examples at 0.9, one of them wrong: a threshold cannot answer just the right one.
        float[] conf = {0.95f, 0.9f, 0.9f, 0.5f};
        boolean[] ok = {true, true, false, true};
        assertEquals(0.95f, ConfidenceThreshold.calibrate(conf, ok, 0.9).value(), 0f);
    }

    @Test
    public void saysSoWhenNoThresholdReachesTheTarget() {
        ConfidenceThreshold t = ConfidenceThreshold.calibrate(new float[] {0.9f, 0.8f}, new boolean[] {false, true}, 0.99);
        assertFalse(t.reachedTarget());
        assertEquals(0.9f, t.value(), 0f);
        assertTrue(t.derivation(), t.derivation().startsWith("no threshold"));
    }

    @Test
    public void roundTripsThroughTheModelMetadata() throws Exception {
        ConfidenceThreshold t = new ConfidenceThreshold(0.625f, "hand-made");
        LocalExpertMetadata back = LocalExpertMetadata.fromJson(t.writeTo(new LocalExpertMetadata().domain("plant")).toJson());
        ConfidenceThreshold read = ConfidenceThreshold.fromMetadata(back);
        assertEquals(0.625f, read.value(), 1e-6f);
        assertEquals("hand-made", read.derivation());
        assertEquals(null, ConfidenceThreshold.fromMetadata(new LocalExpertMetadata()));
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesMismatchedLengths() {
        ConfidenceThreshold.calibrate(new float[] {0.5f}, new boolean[] {true, false}, 0.9);
    }
}
