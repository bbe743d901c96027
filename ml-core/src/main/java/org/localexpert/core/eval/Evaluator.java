package org.localexpert.core.eval;

import org.localexpert.core.data.Batch;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;

/**
 * Runs a single-output classifier over a labelled {@link Dataset} in inference mode and collects an
 * {@link Evaluation}. The model may end in a {@link Softmax} (probabilities) or in logits — then the
 * softmax is applied here, so training models and exported inference models evaluate alike.
 */
public final class Evaluator {
    private Evaluator() {}

    public static Evaluation evaluate(Model model, Dataset data, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (model.outputs().size() != 1 || model.inputs().size() != 1) {
            throw new IllegalArgumentException("evaluation needs a model with one input and one output, this one has "
                    + model.inputs().size() + " and " + model.outputs().size());
        }
        Node out = model.outputs().get(0);
        boolean probabilities = !out.isInput() && out.layer() instanceof Softmax;
        if (out.shape().length != 1 || out.shape()[0] != data.numClasses()) {
            throw new IllegalArgumentException("model output " + out + " does not give " + data.numClasses()
                    + " class scores for the data's labels " + data.labelNames());
        }
        Evaluation.Builder eval = Evaluation.builder(data.labelNames());
        float[] probs = new float[batchSize * data.numClasses()];
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            Batch b = data.batch(from, to);
            Tensor y = model.forward(b.inputs(), false);
            if (probabilities) {
                eval.addBatch(y, b.labels(), b.size());
            } else {
                softmaxRows(y.data(), probs, b.size(), data.numClasses());
                for (int i = 0; i < b.size(); i++) eval.add(b.labels()[i], probs, i * data.numClasses());
            }
        }
        return eval.build();
    }

    /** Row-wise softmax of logits into {@code out}; max subtracted first so exp never overflows. */
    static void softmaxRows(float[] logits, float[] out, int rows, int k) {
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, logits[o + j]);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.exp(logits[o + j] - max);
            for (int j = 0; j < k; j++) out[o + j] = (float) (Math.exp(logits[o + j] - max) / sum);
        }
    }
}
