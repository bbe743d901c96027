package org.localexpert.core.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.Test;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.moe.MoeTestModels;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;

/** The golden-set comparison, on scripted "mixture" engines and on two real Java engines. */
public class GoldenSetCheckTest {
    private static final LocalExpertMetadata TWO = new LocalExpertMetadata().domain("handwriting").labels(Arrays.asList("a", "b"));
    /** Some ink, so the handwriting input check (blank canvas) does not decide "unsure" by itself. */
    private static final float[] INK = new float[28 * 28];
    static {
        for (int i = 300; i < 330; i++) INK[i] = 1f;
    }

    /** A 28x28 mixture whose outputs are {p, 1 − p} and {@code gate}, per input in turn. */
    private static InferenceEngine scripted(float[] p0, float[] gate) {
        return new InferenceEngine() {
            int call;
            @Override public int inputCount() { return 1; }
            @Override public int outputCount() { return 4; }
            @Override public int[] inputShape(int i) { return new int[] {1, 28, 28, 1}; }
            @Override public int[] outputShape(int i) { return i == 1 ? new int[] {1, 1} : new int[] {1, 2}; }
            @Override public void resizeInput(int i, int[] shape) {}
            @Override public float[][] run(float[]... in) {
                int k = call++;
                float[] p = {p0[k], 1 - p0[k]};
                return new float[][] {p, {gate[k]}, p, p};
            }
            @Override public String backend() { return "scripted"; }
            @Override public void close() {}
        };
    }

    private static GoldenSetCheck.Verdict compare(float[] p0a, float[] gateA, float[] p0b, float[] gateB) {
        return GoldenSetCheck.compare(scripted(p0a, gateA), scripted(p0b, gateB), TWO, Arrays.asList(INK, INK, INK));
    }

    @Test
    public void smallProbabilityDifferencesAgree() {
        GoldenSetCheck.Verdict v = compare(new float[] {0.9f, 0.8f, 0.3f}, new float[] {0.1f, 0.9f, 0.2f},
                new float[] {0.89f, 0.81f, 0.31f}, new float[] {0.12f, 0.88f, 0.2f});
        assertTrue(v.toString(), v.agrees());
        assertNull(v.difference());
        assertEquals(3, v.inputs());
    }

    @Test
    public void aChangedLabelRouteOrUnsureDisagreesAtTheFirstInputThatShowsIt() {
        GoldenSetCheck.Verdict label = compare(new float[] {0.9f, 0.8f, 0.9f}, new float[] {0.1f, 0.1f, 0.1f},
                new float[] {0.9f, 0.3f, 0.9f}, new float[] {0.1f, 0.1f, 0.1f});
        assertEquals(GoldenSetCheck.Difference.LABEL, label.difference());
        assertEquals(1, label.input());
        assertTrue(label.detail(), label.detail().startsWith("golden input 2 of 3: label differs"));

        GoldenSetCheck.Verdict route = compare(new float[] {0.9f, 0.9f, 0.9f}, new float[] {0.1f, 0.1f, 0.51f},
                new float[] {0.9f, 0.9f, 0.9f}, new float[] {0.1f, 0.1f, 0.49f});
        assertEquals(GoldenSetCheck.Difference.ROUTE, route.difference());
        assertEquals(2, route.input());

        // With the calibrated threshold 0.6 in the metadata, "a" at 0.65 answers and "a" at 0.55 is unsure.
        LocalExpertMetadata calibrated = new ConfidenceThreshold(0.6f, "test").writeTo(new LocalExpertMetadata().domain("handwriting").labels(Arrays.asList("a", "b")));
        GoldenSetCheck.Verdict unsure = GoldenSetCheck.compare(scripted(new float[] {0.9f, 0.65f}, new float[] {0.1f, 0.1f}),
                scripted(new float[] {0.9f, 0.55f}, new float[] {0.1f, 0.1f}), calibrated, Arrays.asList(INK, INK));
        assertEquals(GoldenSetCheck.Difference.UNSURE, unsure.difference());
        assertEquals(1, unsure.input());
        assertFalse(unsure.agrees());
    }

    @Test
    public void twoJavaEnginesOnTheSameModelAgree() {
        List<String> digits = Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        LocalExpertMetadata meta = new LocalExpertMetadata().domain("handwriting").labels(digits);
        GoldenSetCheck.Verdict v = GoldenSetCheck.compare(new JavaEngine(MoeTestModels.tinyGe(3)), new JavaEngine(MoeTestModels.tinyGe(3)), meta,
                Collections.nCopies(4, INK));
        assertTrue(v.toString(), v.agrees());
        assertEquals(4, v.inputs());
    }

    @Test(expected = IllegalArgumentException.class)
    public void noInputsIsNoCheck() {
        GoldenSetCheck.compare(scripted(new float[0], new float[0]), scripted(new float[0], new float[0]), TWO, Collections.<float[]>emptyList());
    }
}
