package org.localexpert.experiments.fp16;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.runtime.InferenceEngine;

/** What counts as a changed decision, on predictions made by the app's Classifier from scripted mixture outputs. */
public class DecisionChangesTest {
    /** A 2x2x1 "mixture" that answers {probabilities, gate, GE probabilities, LE probabilities} as scripted. */
    private static Prediction predict(float p0, float gate) {
        InferenceEngine engine = new InferenceEngine() {
            @Override public int inputCount() { return 1; }
            @Override public int outputCount() { return 4; }
            @Override public int[] inputShape(int i) { return new int[] {1, 2, 2, 1}; }
            @Override public int[] outputShape(int i) { return i == 1 ? new int[] {1, 1} : new int[] {1, 2}; }
            @Override public void resizeInput(int i, int[] shape) {}
            @Override public float[][] run(float[]... in) {
                float[] p = {p0, 1 - p0};
                return new float[][] {p, {gate}, p, p};
            }
            @Override public String backend() { return "scripted"; }
            @Override public void close() {}
        };
        Classifier c = new Classifier(engine, Arrays.asList("a", "b"), "handwriting",
                AbstentionRule.forHandwriting(new ConfidenceThreshold(0.6f, "test")));
        return c.classify(new float[] {0f, 1f, 1f, 0f}); // some ink: not a blank canvas
    }

    @Test
    public void countsEachKindOfChangeAndEachInputOnce() {
        DecisionChanges d = new DecisionChanges("mixture");
        d.add(predict(0.9f, 0.2f), predict(0.9f, 0.2f));    // same
        d.add(predict(0.9f, 0.2f), predict(0.3f, 0.2f));    // label a → b
        d.add(predict(0.9f, 0.49f), predict(0.9f, 0.51f));  // route GE → LE
        d.add(predict(0.65f, 0.2f), predict(0.55f, 0.2f));  // unsure: 0.65 answers, 0.55 < 0.6 does not
        d.add(predict(0.9f, 0.2f), predict(0.45f, 0.8f));   // label, route and unsure (b at 0.55) at once
        assertEquals(5, d.n());
        assertEquals(2, d.label().k);
        assertEquals(2, d.route().k);
        assertEquals(2, d.unsure().k);
        assertEquals(4, d.any().k);
        assertEquals(0.6, d.maxProbabilityDifference(), 1e-6); // the label change 0.9 → 0.3
        assertFalse(d.withinLimit());
        assertEquals(0, d.nonFinite());
        d.add(predict(0.9f, 0.2f), predict(0.9f, Float.NaN)); // an FP16 gate that overflowed is counted ...
        assertEquals(1, d.nonFinite());
        assertEquals("... but NaN is not > 0.5: the app would name the GE, as before", 2, d.route().k);
        assertEquals(0.6, d.maxProbabilityDifference(), 1e-6);
    }

    @Test
    public void theLimitIsHalfAPercentOfEveryShare() {
        DecisionChanges d = new DecisionChanges("GE");
        for (int i = 0; i < 199; i++) d.add(predict(0.9f, 0.2f), predict(0.9f, 0.2f));
        d.add(predict(0.9f, 0.2f), predict(0.9f, 0.7f)); // 1 route change in 200 = 0.5 %: still within
        assertTrue(d.withinLimit());
        DecisionChanges more = new DecisionChanges("other");
        more.add(predict(0.9f, 0.2f), predict(0.2f, 0.2f)); // a label change
        more.add(predict(0.9f, 0.2f), predict(0.2f, 0.2f)); // and another
        DecisionChanges pooled = DecisionChanges.pool("both", List.of(d, more));
        assertEquals(202, pooled.n());
        assertEquals(1, pooled.route().k);
        assertEquals(2, pooled.label().k);
        assertFalse("2 label changes in 202 are 0.99 %", pooled.withinLimit());
        assertTrue("the parts are left as they were", d.withinLimit());
    }
}
