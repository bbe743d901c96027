package org.localexpert.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;

/**
 * Where a training run is, beyond the model's own state: counters, the epoch's running loss and
 * accuracy, early-stopping bookkeeping and the best weights so far. With the model state and the
 * optimizer state it is exactly what a checkpoint holds; the random streams need no saving because
 * they are derived from (seed, epoch, sample) and Dropout keeps its own counter in the model state.
 */
final class RunState {
    static final String FORMAT = "localexpert-trainer-1";

    /** 0-based epoch in progress (== epochs when finished). */
    int epoch;
    /** Batches of {@link #epoch} already done. */
    int stepInEpoch;
    long globalStep;
    double lossSum;
    long correct;
    long seen;
    /** Best validation accuracy so far and its log-loss (tie-break); -1 before any validation. */
    double bestAccuracy = -1;
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch;
    int epochsWithoutImprovement;
    /** Copy of {@link Model#state()} at the best epoch, or null. */
    Map<String, Tensor> best;

    /** Everything needed to continue: counters, model state, optimizer state, best weights. */
    Checkpoint toCheckpoint(Model model, Optimizer optimizer, Fingerprint fingerprint) {
        Checkpoint c = new Checkpoint().put("format", FORMAT);
        fingerprint.writeTo(c);
        c.put("epoch", epoch).put("stepInEpoch", stepInEpoch).put("globalStep", globalStep)
                .put("lossSum", lossSum).put("correct", correct).put("seen", seen)
                .put("bestAccuracy", bestAccuracy).put("bestLoss", bestLoss).put("bestEpoch", bestEpoch)
                .put("epochsWithoutImprovement", epochsWithoutImprovement)
                .put("optimizer", optimizer.toString()).put("optimizerSteps", optimizer.steps());
        for (Map.Entry<String, Tensor> e : model.state().entrySet()) c.putTensor("model/" + e.getKey(), e.getValue());
        for (Map.Entry<String, float[]> e : optimizer.state().entrySet()) {
            c.putTensor("optimizer/" + e.getKey(), Tensor.of(e.getValue(), e.getValue().length));
        }
        if (best != null) for (Map.Entry<String, Tensor> e : best.entrySet()) c.putTensor("best/" + e.getKey(), e.getValue());
        return c;
    }

    /** Restores model, optimizer and counters from {@code c}; throws {@link CheckpointException} if it belongs to another run. */
    static RunState restore(Checkpoint c, Model model, Optimizer optimizer, Fingerprint fingerprint, String origin) {
        if (!c.has("format") || !FORMAT.equals(c.get("format"))) {
            throw new CheckpointException(origin + " is not a trainer checkpoint of this version");
        }
        fingerprint.check(c, origin);
        RunState s = new RunState();
        s.epoch = (int) c.getLong("epoch");
        s.stepInEpoch = (int) c.getLong("stepInEpoch");
        s.globalStep = c.getLong("globalStep");
        s.lossSum = c.getDouble("lossSum");
        s.correct = c.getLong("correct");
        s.seen = c.getLong("seen");
        s.bestAccuracy = c.getDouble("bestAccuracy");
        s.bestLoss = c.getDouble("bestLoss");
        s.bestEpoch = (int) c.getLong("bestEpoch");
        s.epochsWithoutImprovement = (int) c.getLong("epochsWithoutImprovement");
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        Map<String, float[]> optimizerState = new LinkedHashMap<>();
        Map<String, Tensor> best = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("model/")) modelState.put(k.substring(6), e.getValue());
            else if (k.startsWith("optimizer/")) optimizerState.put(k.substring(10), e.getValue().data());
            else if (k.startsWith("best/")) best.put(k.substring(5), e.getValue());
            else throw new CheckpointException(origin + " holds an unknown tensor '" + k + "'");
        }
        try {
            model.loadState(modelState);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(origin + " was written for another model: " + e.getMessage(), e);
        }
        optimizer.loadState(optimizerState, c.getLong("optimizerSteps"));
        s.best = best.isEmpty() ? null : best;
        return s;
    }

    /** A deep copy of the model's state (for the best weights). */
    static Map<String, Tensor> copyOf(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) copy.put(e.getKey(), e.getValue().copy());
        return copy;
    }

    /** What must be equal for a checkpoint to continue this run (else the "same weights" promise breaks). */
    static final class Fingerprint {
        final long seed;
        final int batchSize;
        final int epochs;
        final int trainSize;
        final int validationSize;
        /** Outliers of outlier exposure (0 without): a run resumed with other outliers would mix two objectives. */
        final int outliers;

        Fingerprint(long seed, int batchSize, int epochs, int trainSize, int validationSize, int outliers) {
            this.seed = seed;
            this.batchSize = batchSize;
            this.epochs = epochs;
            this.trainSize = trainSize;
            this.validationSize = validationSize;
            this.outliers = outliers;
        }

        void writeTo(Checkpoint c) {
            c.put("seed", seed).put("batchSize", batchSize).put("epochs", epochs)
                    .put("trainSize", trainSize).put("validationSize", validationSize).put("outliers", outliers);
        }

        void check(Checkpoint c, String origin) {
            compare(c, origin, "seed", seed);
            compare(c, origin, "batchSize", batchSize);
            compare(c, origin, "epochs", epochs);
            compare(c, origin, "trainSize", trainSize);
            compare(c, origin, "validationSize", validationSize);
            // Checkpoints written before outlier exposure existed have no count: they had none.
            long found = c.has("outliers") ? c.getLong("outliers") : 0;
            if (found != outliers) {
                throw new CheckpointException(origin + " belongs to another run: it was trained with " + found
                        + " outliers of no class, this run has " + outliers + " (use the same options, or delete the checkpoint to start afresh)");
            }
        }

        private static void compare(Checkpoint c, String origin, String key, long expected) {
            long found = c.getLong(key);
            if (found != expected) {
                throw new CheckpointException(origin + " belongs to another run: its " + key + " is " + found
                        + " but this run's is " + expected + " (use the same options, or delete the checkpoint to start afresh)");
            }
        }
    }
}
