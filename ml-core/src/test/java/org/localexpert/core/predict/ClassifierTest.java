package org.localexpert.core.predict;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Arrays;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.MnistFixture;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelFile;

public class ClassifierTest {

    static File shipped(String path) {
        File f = new File("../models/" + path);
        return f.isFile() ? f : new File("models/" + path);
    }

    @Test
    public void shippedHandwritingGeReadsDigitsAndAbstainsOnABlankCanvas() throws Exception {
        MnistFixture.assumeAvailable();
        ModelFile file = ModelFile.load(shipped("handwriting/handwriting-ge.tflite").toPath());
        Dataset test = MnistFixture.test();
        try (Classifier c = Classifier.of(new JavaEngine(file.toModel()), file.metadata())) {
            assertFalse(c.isMixture());
            assertEquals("handwriting", c.domain());
            assertTrue(Arrays.equals(new int[] {28, 28, 1}, c.inputShape()));
            int right = 0, n = 50;
            for (int i = 0; i < n; i++) {
                Prediction p = c.classify(test.get(i).features());
                assertEquals(Prediction.Expert.GLOBAL, p.expert());
                assertTrue(Float.isNaN(p.gate()));
                if (p.label().equals(test.labelNames().get(test.get(i).label()))) right++;
            }
            assertTrue("shipped GE got only " + right + " of " + n, right >= 48);
            Prediction blank = c.classify(new float[28 * 28]);
            assertTrue("a blank canvas must be 'unsure'", blank.unsure());
            assertEquals("the app is told which check failed", org.localexpert.core.abstain.InputCheck.Problem.NEARLY_UNIFORM,
                    blank.inputProblem());
        }
    }

    @Test
    public void mixtureOutputsSayWhoAnsweredAndLogitsAreNormalised() {
        FakeEngine mixture = new FakeEngine(new float[][] {{0.1f, 0.9f}, {0.8f}, {0.7f, 0.3f}, {0.05f, 0.95f}});
        try (Classifier c = new Classifier(mixture, Arrays.asList("a", "b"), "handwriting",
                org.localexpert.core.abstain.AbstentionRule.forHandwriting(new org.localexpert.core.abstain.ConfidenceThreshold(0.5f, "test")))) {
            float[] ink = new float[28 * 28];
            for (int y = 8; y < 20; y++) ink[y * 28 + 14] = 1f;
            Prediction p = c.classify(ink);
            assertEquals("b", p.label());
            assertEquals(Prediction.Expert.LOCAL, p.expert());
            assertEquals(0.8f, p.gate(), 0f);
            assertFalse(p.unsure());
            assertNull(p.inputProblem());
        }
        FakeEngine logits = new FakeEngine(new float[][] {{2f, -1f}});
        try (Classifier c = new Classifier(logits, Arrays.asList("a", "b"), null,
                org.localexpert.core.abstain.AbstentionRule.forHandwriting(new org.localexpert.core.abstain.ConfidenceThreshold(0.5f, "test")))) {
            float[] ink = new float[28 * 28];
            for (int y = 8; y < 20; y++) ink[y * 28 + 14] = 1f;
            Prediction p = c.classify(ink);
            assertEquals("a", p.label());
            assertEquals(1 / (1 + Math.exp(-3)), p.probability(), 1e-5);
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void labelCountMustMatchTheModel() {
        new Classifier(new FakeEngine(new float[][] {{0.5f, 0.5f}}), Arrays.asList("only"), null,
                org.localexpert.core.abstain.AbstentionRule.forHandwriting(new org.localexpert.core.abstain.ConfidenceThreshold(0.5f, "test")));
    }

    /** An engine that returns fixed outputs for a 28x28x1 input. */
    static final class FakeEngine implements InferenceEngine {
        final float[][] outputs;

        FakeEngine(float[][] outputs) { this.outputs = outputs; }

        @Override public int inputCount() { return 1; }
        @Override public int outputCount() { return outputs.length; }
        @Override public int[] inputShape(int i) { return new int[] {1, 28, 28, 1}; }
        @Override public int[] outputShape(int i) { return new int[] {1, outputs[i].length}; }
        @Override public void resizeInput(int i, int[] shape) {}
        @Override public float[][] run(float[]... inputs) {
            float[][] copy = new float[outputs.length][];
            for (int i = 0; i < outputs.length; i++) copy[i] = outputs[i].clone();
            return copy;
        }
        @Override public String backend() { return "fake"; }
        @Override public void close() {}
    }
}
