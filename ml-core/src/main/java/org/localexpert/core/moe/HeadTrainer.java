package org.localexpert.core.moe;

import java.util.List;
import java.util.Random;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.loss.BinaryCrossEntropy;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Adam;

/**
 * Trains one dense layer on precomputed feature vectors: the local expert (softmax cross-entropy)
 * and the gate (binary cross-entropy). Mini-batch Adam over a seeded shuffle, per-sample weights,
 * and an optional pull toward the starting weights ({@code anchor}: gradient += λ·(w − w₀)), which
 * keeps an LE that starts as a copy of the GE's classifier close to it where the user's few samples
 * say nothing. A few hundred 121-wide vectors: milliseconds per epoch on one thread.
 */
final class HeadTrainer {
    private HeadTrainer() {}

    static final class Settings {
        int epochs = 40;
        int batchSize = 32;
        double learningRate = 0.01;
        float anchor;
        /** Only the first this many output units are pulled toward their start (-1 = all): a new class has nothing to stay close to. */
        int anchoredUnits = -1;
        long seed = 1;
    }

    /** Trains {@code dense} in place on rows of {@code x} ([n, in]) for class {@code labels}, weighted. */
    static void trainSoftmax(Dense dense, float[] x, int[] labels, float[] weights, Settings s) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        train(dense, x, labels.length, s, (logits, idx, from, to) -> {
            int[] l = new int[to - from];
            float[] w = new float[to - from];
            for (int j = from; j < to; j++) {
                l[j - from] = labels[idx[j]];
                w[j - from] = weights[idx[j]];
            }
            loss.forward(logits, l, w);
            return loss.backward();
        });
    }

    /** Trains a one-unit {@code dense} in place on rows of {@code x} for binary {@code targets}, weighted by class. */
    static void trainLogistic(Dense dense, float[] x, float[] targets, float negativeWeight, float positiveWeight, Settings s) {
        BinaryCrossEntropy loss = new BinaryCrossEntropy().withClassWeights(negativeWeight, positiveWeight);
        train(dense, x, targets.length, s, (logits, idx, from, to) -> {
            float[] t = new float[to - from];
            for (int j = from; j < to; j++) t[j - from] = targets[idx[j]];
            loss.forward(logits, t);
            return loss.backward();
        });
    }

    private interface LossStep {
        Tensor gradient(Tensor logits, int[] order, int from, int to);
    }

    private static void train(Dense dense, float[] x, int n, Settings s, LossStep lossStep) {
        int in = dense.inFeatures();
        Model.Builder b = Model.builder(0);
        Node input = b.input("features", in);
        Model m = b.build(b.addKeepingWeights(dense, input));
        m.setThreads(1);
        List<Parameter> params = m.trainableParameters();
        float[][] start = new float[params.size()][];
        for (int p = 0; p < start.length; p++) start[p] = params.get(p).value().data().clone();
        Adam adam = new Adam(s.learningRate);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random rng = new Random(s.seed);
        float[] batch = new float[Math.min(n, s.batchSize) * in];
        for (int epoch = 0; epoch < s.epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n; from += s.batchSize) {
                int to = Math.min(n, from + s.batchSize);
                float[] data = to - from == Math.min(n, s.batchSize) ? batch : new float[(to - from) * in];
                for (int j = from; j < to; j++) System.arraycopy(x, order[j] * in, data, (j - from) * in, in);
                Tensor logits = m.forward(Tensor.of(data, to - from, in), true);
                Tensor grad = lossStep.gradient(logits, order, from, to);
                m.zeroGrad();
                m.backward(grad);
                if (s.anchor > 0) {
                    int units = dense.units();
                    for (int p = 0; p < start.length; p++) {
                        float[] w = params.get(p).value().data(), g = params.get(p).grad().data(), w0 = start[p];
                        // Weights are [units, in] and the bias [units]: the anchored units come first in both.
                        int limit = s.anchoredUnits < 0 ? w.length : w.length / units * s.anchoredUnits;
                        for (int k = 0; k < limit; k++) g[k] += s.anchor * (w[k] - w0[k]);
                    }
                }
                adam.step(params);
            }
        }
    }
}
