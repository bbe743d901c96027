package org.localexpert.experiments.probes;

import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Adam;
import org.localexpert.experiments.GeWithRule;

/**
 * Would a local expert that reads a layer below the ones outlier exposure trains keep a writer's new symbols apart?
 * Issue 18's next step, measured before any product change, on design data only: each design alphabet in turn is a
 * user who teaches 4 of its characters (drawers 1–10) beside 20 digits per class; a softmax head (random start, as the
 * local expert for new classes) is trained on those plus the 300-digit replay sample at one GE layer, and scored on
 * the 10 held-out drawers of the 4 characters: accuracy, and the share read right with probability ≥ 0.9; and on every
 * second drawer of the other design alphabets: the share it claims as one of the user's new symbols with probability ≥ 0.9.
 * Layers: {@code dense1} (what the local expert reads today) and {@code flatten} (the 800 pooled convolution features
 * below it). Args: DATA_DIR GE.tflite [GE.tflite ...] (e.g. the shipped GE and an outlier-exposure candidate).
 */
public final class LowerLayerHead {
    private static final String[] LAYERS = {"dense1", "flatten"};

    private LowerLayerHead() {
    }

    public static void main(String[] args) throws Exception {
        File data = new File(args[0]), omni = new File(data, "omniglot");
        Dataset train = Mnist.load(data, Mnist.Part.TRAIN), t10k = Mnist.load(data, Mnist.Part.TEST);
        Dataset replay = ReplaySample.select(train, ReplaySample.DEFAULT_PER_CLASS, ReplaySample.DEFAULT_SEED);
        List<Example> digits = new ArrayList<>();
        int[] seen = new int[10];
        for (Example e : t10k.examples()) {
            if (!HandwritingSplits.isDesignWriter(e.writerId())) continue;
            if (seen[e.label()]++ < 20) digits.add(e);
        }
        for (int a = 1; a < args.length; a++) {
            GeWithRule g = GeWithRule.read(Paths.get(args[a]), Domain.HANDWRITING);
            Model ge = g.ge.model();
            for (String layer : LAYERS) {
                int right = 0, sure = 0, held = 0, claimed = 0, unknowns = 0;
                StringBuilder per = new StringBuilder();
                for (String alphabet : OmniglotStrokes.DESIGN_ALPHABETS) {
                    List<String> chars = OmniglotStrokes.characters(omni, alphabet);
                    List<float[]> x = new ArrayList<>(), heldX = new ArrayList<>(), unknownX = new ArrayList<>();
                    List<Integer> y = new ArrayList<>(), heldY = new ArrayList<>();
                    for (Example e : digits) add(x, y, features(ge, layer, e.features()), e.label());
                    for (Example e : replay.examples()) add(x, y, features(ge, layer, e.features()), e.label());
                    for (int j = 0; j < 4; j++) {
                        String ch = chars.get(j * chars.size() / 4);
                        for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) {
                            float[] f = features(ge, layer, OmniglotStrokes.render(omni, alphabet, ch, d));
                            if (d <= 10) add(x, y, f, 10 + j);
                            else add(heldX, heldY, f, 10 + j);
                        }
                    }
                    for (String other : OmniglotStrokes.DESIGN_ALPHABETS) {
                        if (other.equals(alphabet)) continue;
                        for (String ch : OmniglotStrokes.characters(omni, other)) {
                            for (int d = 1; d <= OmniglotStrokes.DRAWERS; d += 2) unknownX.add(features(ge, layer, OmniglotStrokes.render(omni, other, ch, d)));
                        }
                    }
                    Dense head = train(x, y, 14);
                    int right0 = right, held0 = held;
                    for (int i = 0; i < heldX.size(); i++) {
                        float[] p = probabilities(head, heldX.get(i));
                        int k = argmax(p);
                        if (k == heldY.get(i)) {
                            right++;
                            if (p[k] >= 0.9f) sure++;
                        }
                        held++;
                    }
                    per.append(String.format(Locale.ROOT, " %s %d/%d", alphabet, right - right0, held - held0));
                    for (float[] f : unknownX) {
                        float[] p = probabilities(head, f);
                        int k = argmax(p);
                        if (k >= 10 && p[k] >= 0.9f) claimed++;
                        unknowns++;
                    }
                }
                System.out.printf(Locale.ROOT, "%s, head on %s: held-out new symbols right %d of %d = %.1f %% (right with p >= 0.9: %.1f %%); unknowns claimed as a new symbol with p >= 0.9: %d of %d = %.1f %%; right per user alphabet:%s%n",
                        Paths.get(args[a]), layer, right, held, 100.0 * right / held, 100.0 * sure / held, claimed, unknowns, 100.0 * claimed / unknowns, per);
            }
        }
    }

    private static float[] features(Model ge, String layer, float[] image) {
        ge.forward(Tensor.of(image.clone(), 1, 28, 28, 1), false);
        return ge.output(layer).data().clone();
    }

    private static void add(List<float[]> xs, List<Integer> ys, float[] x, int y) {
        xs.add(x);
        ys.add(y);
    }

    /** Softmax regression, standardised inputs folded back into the weights; Adam, 40 epochs, batches of 32, seed 1. */
    private static Dense train(List<float[]> xs, List<Integer> ys, int classes) {
        int n = xs.size(), f = xs.get(0).length;
        float[] mean = new float[f], scale = new float[f];
        for (float[] v : xs) for (int j = 0; j < f; j++) mean[j] += v[j] / n;
        for (float[] v : xs) for (int j = 0; j < f; j++) scale[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / n;
        for (int j = 0; j < f; j++) scale[j] = scale[j] > 1e-12f ? (float) Math.sqrt(scale[j]) : 1f;
        Dense head = new Dense("head", f, classes, Activation.NONE);
        head.initialize(new Random(1));
        Model.Builder b = Model.builder(0);
        Node in = b.input("x", f);
        Model m = b.build(b.addKeepingWeights(head, in));
        Adam adam = new Adam(0.01);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Random rng = new Random(1);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int epoch = 0; epoch < 40; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n; from += 32) {
                int to = Math.min(n, from + 32);
                float[] batch = new float[(to - from) * f];
                int[] labels = new int[to - from];
                for (int r = from; r < to; r++) {
                    float[] v = xs.get(order[r]);
                    for (int j = 0; j < f; j++) batch[(r - from) * f + j] = (v[j] - mean[j]) / scale[j];
                    labels[r - from] = ys.get(order[r]);
                }
                loss.forward(m.forward(Tensor.of(batch, to - from, f), true), labels);
                m.zeroGrad();
                m.backward(loss.backward());
                adam.step(m.trainableParameters());
            }
        }
        float[] w = head.weights().value().data(), bias = head.bias().value().data();
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < f; j++) {
                w[c * f + j] /= scale[j];
                bias[c] -= w[c * f + j] * mean[j];
            }
        }
        return head;
    }

    private static float[] probabilities(Dense head, float[] x) {
        float[] z = head.forward(new Tensor[] {Tensor.of(x.clone(), 1, x.length)}, false).data().clone();
        float max = Float.NEGATIVE_INFINITY, sum = 0f;
        for (float v : z) max = Math.max(max, v);
        for (int i = 0; i < z.length; i++) sum += (z[i] = (float) Math.exp(z[i] - max));
        for (int i = 0; i < z.length; i++) z[i] /= sum;
        return z;
    }

    private static int argmax(float[] p) {
        int k = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[k]) k = i;
        return k;
    }
}
