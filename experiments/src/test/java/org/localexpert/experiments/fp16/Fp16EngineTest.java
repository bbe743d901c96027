package org.localexpert.experiments.fp16;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import org.junit.Test;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.moe.MoeTestModels;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

/** {@link Fp16Engine} rounds weights, the input and every node's output, and leaves float32 models alone. */
public class Fp16EngineTest {
    /** x → a = w·x + b → y = a − 2048: a tiny graph where each rounding has a visible effect. */
    private static Model chain(float w, float b) {
        Model.Builder mb = Model.builder(1);
        Node x = mb.input("x", 1);
        Dense first = new Dense("first", 1, 1, Activation.NONE);
        Node a = mb.add(first, x);
        Dense second = new Dense("second", 1, 1, Activation.NONE);
        Node y = mb.add(second, a);
        first.weights().value().data()[0] = w;
        first.bias().value().data()[0] = b;
        second.weights().value().data()[0] = 1f;
        second.bias().value().data()[0] = -2048f;
        return mb.build(y);
    }

    @Test
    public void roundsTheActivationBetweenNodes() {
        // a = 2049 is no half (halves step by 2 above 2048; the tie goes to the even 2048): float32 says y = 1, FP16 says 0.
        assertEquals(1f, new JavaEngine(chain(1f, 2048f)).run(new float[] {1f})[0][0], 0f);
        assertEquals(0f, new Fp16Engine(chain(1f, 2048f), 1).run(new float[] {1f})[0][0], 0f);
        // 2051 → 2052: y = 4 instead of 3.
        assertEquals(4f, new Fp16Engine(chain(1f, 2050f), 1).run(new float[] {1f})[0][0], 0f);
    }

    @Test
    public void roundsTheWeightsAndTheInput() {
        // Weight 1 + 2^-12, x = 1, b = 2048: float32 a = 2049.000244, y = 1.000244.
        float w = 1f + 0x1p-12f;
        assertNotEquals(1f, w, 0f);
        assertEquals(1f, new JavaEngine(chain(w, 2048f)).run(new float[] {1f})[0][0], 1e-3f);
        // FP16: w → 1, a = 2049 → 2048, y = 0. The input too: 1 + 2^-12 is uploaded as 1.
        assertEquals(0f, new Fp16Engine(chain(w, 2048f), 1).run(new float[] {1f})[0][0], 0f);
        assertEquals(0f, new Fp16Engine(chain(1f, 2048f), 1).run(new float[] {1f + 0x1p-12f})[0][0], 0f);
        Model m = chain(w, 2048f);
        new Fp16Engine(m, 1);
        assertEquals("the engine rounds the model it is given, in place", 1f, ((Dense) m.node("first").layer()).weights().value().data()[0], 0f);
    }

    @Test
    public void overflowBecomesInfinity() {
        // a = 70000 > 65504: the GPU's half register holds infinity, and infinity − 2048 stays infinite.
        assertEquals(Float.POSITIVE_INFINITY, new Fp16Engine(chain(70000f, 0f), 1).run(new float[] {1f})[0][0], 0f);
        assertEquals(70000f - 2048f, new JavaEngine(chain(70000f, 0f)).run(new float[] {1f})[0][0], 0f);
    }

    @Test
    public void theShippedGeIsCloseButNotEqualAndTheReferenceIsUntouched() throws Exception {
        TfliteModel file = TfliteReader.read(MoeTestModels.shippedModel("handwriting/handwriting-ge.tflite").toPath());
        Model reference = ModelImporter.toModel(file);
        float[] before = reference.parameters().get(0).value().data().clone();
        Fp16Engine fp16 = Fp16Engine.of(file, 1);
        assertArrayEquals("a fresh import: the caller's model keeps its float32 weights", before, reference.parameters().get(0).value().data(), 0f);
        float[] digit = new float[28 * 28];
        // A crude "1": a vertical bar of ink in the middle of the canvas.
        for (int r = 4; r < 24; r++) for (int c = 13; c < 16; c++) digit[r * 28 + c] = 1f;
        float[] p32 = new JavaEngine(reference).run(digit)[0], p16 = fp16.run(digit)[0];
        double maxDiff = 0;
        boolean anyDiff = false;
        for (int i = 0; i < p32.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(p32[i] - p16[i]));
            anyDiff |= p32[i] != p16[i];
            assertEquals("every output is a half", p16[i], Half.round(p16[i]), 0f);
        }
        assertEquals("FP16 changes the probabilities only a little", 0, maxDiff, 5e-3);
        assertEquals("... but it does change them", true, anyDiff);
    }
}
