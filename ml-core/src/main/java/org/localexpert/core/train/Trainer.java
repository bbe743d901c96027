package org.localexpert.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.loss.SoftmaxCrossEntropy;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Parameter;
import org.localexpert.core.tensor.Tensor;

/**
 * Trains a single-input classifier whose output is logits {@code [N, K]} with softmax
 * cross-entropy, mini-batch by mini-batch, as configured by {@link TrainerOptions}.
 *
 * <pre>
 *   Trainer trainer = new Trainer(TrainerOptions.builder().epochs(12).seed(7)
 *           .optimizer(() -&gt; Adam.adamW(1e-3, 1e-4)).validationFraction(0.1).patience(3).build());
 *   TrainingResult r = trainer.train(model, trainSet, null, listener, token);
 * </pre>
 *
 * <p>What it guarantees:
 * <ul>
 * <li><b>Determinism</b>: shuffling, augmentation, the validation split and dropout all derive from
 * the seed, and the engine's results do not depend on timing, so the same options, data and thread
 * count give bit-identical weights.</li>
 * <li><b>Resume</b>: with a checkpoint file the run writes its complete state after every epoch
 * (and every N steps, and on cancellation); started again with {@code resume}, it continues from
 * there and ends with the same weights as a run that was never interrupted.</li>
 * <li><b>Cancellation</b> is checked before every batch.</li>
 * <li><b>Non-finite loss</b>: a NaN/Inf loss or gradient stops the run before that step changes
 * anything (weights and BatchNorm statistics are as they were after the previous step; with a
 * validation set and {@code restoreBest}, the best epoch's weights are restored as for any other
 * ending). The result and the listener say where and why.</li>
 * <li><b>Early stopping</b> on validation accuracy (ties broken by lower log-loss), with the best
 * epoch's weights restored at the end.</li>
 * </ul>
 * A trainer may be reused for several runs; one run at a time.
 */
public final class Trainer {
    private final TrainerOptions options;

    public Trainer(TrainerOptions options) {
        this.options = options;
    }

    public TrainerOptions options() {
        return options;
    }

    /** Trains with the validation set split off by {@code validationFraction} (if any), no listener, no cancellation. */
    public TrainingResult train(Model model, Dataset train) throws IOException {
        return train(model, train, null, TrainingListener.NONE, new CancellationToken());
    }

    /**
     * Trains {@code model} in place.
     *
     * @param validation held-out data for early stopping and best-weight selection; when null and
     *                   {@code validationFraction > 0}, a stratified share of {@code train} is split off
     * @throws IOException             when a checkpoint cannot be written or read
     * @throws CheckpointException     when resuming from a damaged checkpoint or one of another run
     * @throws IllegalArgumentException when model and data do not fit together
     */
    public TrainingResult train(Model model, Dataset train, Dataset validation, TrainingListener listener,
                                CancellationToken token) throws IOException {
        if (validation == null && options.validationFraction > 0) {
            List<Dataset> parts = train.stratifiedSplit(Rng.mix(options.seed, 0x5A11D),
                    1 - options.validationFraction, options.validationFraction);
            train = parts.get(0);
            validation = parts.get(1);
        }
        checkFits(model, train, validation);
        model.setThreads(options.threads);
        return new Run(model, train, validation, listener == null ? TrainingListener.NONE : listener,
                token == null ? new CancellationToken() : token).execute();
    }

    private static void checkFits(Model model, Dataset train, Dataset validation) {
        if (train.isEmpty()) throw new IllegalArgumentException("the training set is empty");
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException("the trainer needs a model with one input and one output, this one has "
                    + model.inputs().size() + " and " + model.outputs().size());
        }
        Node in = model.inputs().get(0);
        if (!java.util.Arrays.equals(in.shape(), train.shape())) {
            throw new IllegalArgumentException("model input " + in + " does not match the data's shape "
                    + java.util.Arrays.toString(train.shape()));
        }
        Node out = model.outputs().get(0);
        if (!out.isInput() && out.layer() instanceof Softmax) {
            throw new IllegalArgumentException("train the model that outputs logits; '" + out.name()
                    + "' is a Softmax (the loss applies softmax itself, more stably) — add the Softmax for inference only");
        }
        if (out.shape().length != 1 || out.shape()[0] != train.numClasses()) {
            throw new IllegalArgumentException("model output " + out + " does not give one score per class for "
                    + train.numClasses() + " classes " + train.labelNames());
        }
        if (validation != null && (!validation.labelNames().equals(train.labelNames())
                || !java.util.Arrays.equals(validation.shape(), train.shape()))) {
            throw new IllegalArgumentException("validation and training data differ in labels or shape");
        }
        if (model.trainableParameters().isEmpty()) throw new IllegalArgumentException("every layer of the model is frozen: nothing to train");
    }

    /** Per-class loss weights for {@code train} as the options ask, or null. */
    float[] classWeights(Dataset train) {
        if (options.classWeights != null) {
            if (options.classWeights.length != train.numClasses()) {
                throw new IllegalArgumentException(options.classWeights.length + " class weights for "
                        + train.numClasses() + " classes");
            }
            return options.classWeights;
        }
        if (options.classWeighting != TrainerOptions.ClassWeighting.BALANCED) return null;
        int[] counts = train.classCounts();
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) train.size() / (counts.length * counts[c]);
        }
        return w;
    }

    /** One call of {@link #train}: the loop and its bookkeeping. */
    private final class Run {
        private final Model model;
        private final Dataset train;
        private final Dataset validation;
        private final TrainingListener listener;
        private final CancellationToken token;
        private final Optimizer optimizer = options.optimizer.get();
        private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        private final BatchSource batches;
        /** Outliers of no class added to every batch, or null (see {@link OutlierExposure}). */
        private final BatchSource outlierBatches;
        private Tensor combined;
        private int[] combinedLabels;
        private float[] combinedWeights;
        private final int stepsPerEpoch;
        private final long totalSteps;
        private final LearningRateSchedule schedule;
        private final RunState.Fingerprint fingerprint;
        private final List<Parameter> trainable;
        /** Layer state that a training forward changes (BatchNorm averages, Dropout counters), with backups. */
        private final List<Tensor> mutableState = new ArrayList<>();
        private final List<float[]> stateBackup = new ArrayList<>();
        private final List<EpochSummary> history = new ArrayList<>();
        private RunState state = new RunState();
        private long samplesThisCall;
        private long stepsThisCall;
        private final long startNanos = System.nanoTime();

        Run(Model model, Dataset train, Dataset validation, TrainingListener listener, CancellationToken token) {
            this.model = model;
            this.train = train;
            this.validation = validation;
            this.listener = listener;
            this.token = token;
            loss.withClassWeights(classWeights(train)).withLabelSmoothing((float) options.labelSmoothing);
            batches = new BatchSource(train, options.batchSize, options.seed,
                    options.augmentation == null ? null : options.augmentation.get());
            stepsPerEpoch = batches.stepsPerEpoch();
            OutlierExposure oe = options.outlierExposure;
            if (oe != null) {
                oe.requireShape(train.shape());
                outlierBatches = new BatchSource(oe.outliers(), oe.perBatch(), Rng.mix(options.seed, 0x0E),
                        options.augmentation == null ? null : options.augmentation.get());
            } else {
                outlierBatches = null;
            }
            totalSteps = (long) stepsPerEpoch * options.epochs;
            schedule = options.schedule == null ? LearningRateSchedule.constant(optimizer.learningRate())
                    : options.schedule.apply(totalSteps);
            fingerprint = new RunState.Fingerprint(options.seed, options.batchSize, options.epochs, train.size(),
                    validation == null ? 0 : validation.size(), options.outlierExposure == null ? 0 : options.outlierExposure.outliers().size());
            trainable = model.trainableParameters();
            for (Layer layer : model.layers()) {
                for (Tensor t : layer.state().values()) {
                    mutableState.add(t);
                    stateBackup.add(new float[t.size()]);
                }
            }
        }

        TrainingResult execute() throws IOException {
            if (options.resume && Files.exists(options.checkpoint)) {
                state = RunState.restore(Checkpoint.read(options.checkpoint), model, optimizer, fingerprint,
                        options.checkpoint.toString());
                listener.onMessage(String.format(Locale.ROOT, "resuming from %s at epoch %d, step %d/%d",
                        options.checkpoint, state.epoch + 1, state.stepInEpoch, stepsPerEpoch));
            }
            while (state.epoch < options.epochs) {
                if (options.patience > 0 && state.epochsWithoutImprovement >= options.patience) {
                    // Resumed from the checkpoint written when early stopping fired: nothing left to do.
                    return finish(TrainingResult.Stop.EARLY_STOPPED, "no better validation accuracy for "
                            + options.patience + " epochs; best was epoch " + state.bestEpoch);
                }
                long epochStart = System.nanoTime();
                while (state.stepInEpoch < stepsPerEpoch) {
                    if (token.isCancelled()) {
                        saveCheckpoint();
                        return finish(TrainingResult.Stop.CANCELLED, "cancelled at epoch " + (state.epoch + 1)
                                + ", step " + state.stepInEpoch + "/" + stepsPerEpoch
                                + (options.checkpoint != null ? "; resume from " + options.checkpoint : ""));
                    }
                    String problem = step();
                    if (problem != null) return finish(TrainingResult.Stop.NON_FINITE, problem);
                    if (options.checkpoint != null && options.checkpointEverySteps > 0
                            && state.globalStep % options.checkpointEverySteps == 0 && state.stepInEpoch < stepsPerEpoch) {
                        saveCheckpoint();
                    }
                }
                boolean stop = endEpoch((System.nanoTime() - epochStart) / 1e9);
                saveCheckpoint();
                if (stop) {
                    return finish(TrainingResult.Stop.EARLY_STOPPED, "no better validation accuracy for "
                            + options.patience + " epochs; best was epoch " + state.bestEpoch);
                }
            }
            return finish(TrainingResult.Stop.COMPLETED, null);
        }

        /** One mini-batch; returns why it refused to update (non-finite loss/gradient), else null. */
        private String step() {
            Tensor x = batches.batch(state.epoch, state.stepInEpoch);
            int[] labels = batches.labels();
            for (int i = 0; i < mutableState.size(); i++) {
                System.arraycopy(mutableState.get(i).data(), 0, stateBackup.get(i), 0, stateBackup.get(i).length);
            }
            model.zeroGrad();
            Tensor logits = model.forward(outlierBatches == null ? x : withOutliers(x, labels), true);
            float value = outlierBatches == null ? loss.forward(logits, labels)
                    : loss.forward(logits, combinedLabels, combinedWeights);
            double lr = schedule.rate(state.globalStep);
            if (Float.isNaN(value) || Float.isInfinite(value)) return refuse("loss", value, lr);
            model.backward(loss.backward());
            double norm = gradientNorm();
            if (Double.isNaN(norm) || Double.isInfinite(norm)) return refuse("gradient norm", norm, lr);
            if (options.gradientClipNorm > 0 && norm > options.gradientClipNorm) scaleGradients((float) (options.gradientClipNorm / norm));
            optimizer.setLearningRate(lr);
            optimizer.step(trainable);

            state.lossSum += (double) value * labels.length;
            state.correct += correctCount(logits, labels);
            state.seen += labels.length;
            state.stepInEpoch++;
            state.globalStep++;
            samplesThisCall += labels.length;
            stepsThisCall++;
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double rate = samplesThisCall / Math.max(elapsed, 1e-9);
            double eta = (totalSteps - state.globalStep) * (elapsed / stepsThisCall);
            listener.onStep(new Progress(state.epoch + 1, options.epochs, state.stepInEpoch, stepsPerEpoch,
                    state.globalStep, totalSteps, state.lossSum / state.seen, (double) state.correct / state.seen,
                    rate, eta, lr));
            return null;
        }

        /**
         * The class batch followed by this step's outliers (labelled {@link SoftmaxCrossEntropy#NO_CLASS}),
         * weighted so the outliers' mean loss counts {@code weight} times the class inputs' mean loss.
         * Outlier batches run through their own epochs, indexed by the global step.
         */
        private Tensor withOutliers(Tensor x, int[] labels) {
            int outlierSteps = outlierBatches.stepsPerEpoch();
            Tensor o = outlierBatches.batch((int) (state.globalStep / outlierSteps), (int) (state.globalStep % outlierSteps));
            int n = labels.length, m = o.dim(0), total = n + m;
            int[] shape = x.shape();
            shape[0] = total;
            if (combined == null || combined.dim(0) != total) {
                combined = Tensor.zeros(shape);
                combinedLabels = new int[total];
                combinedWeights = new float[total];
            }
            System.arraycopy(x.data(), 0, combined.data(), 0, x.size());
            System.arraycopy(o.data(), 0, combined.data(), x.size(), o.size());
            System.arraycopy(labels, 0, combinedLabels, 0, n);
            java.util.Arrays.fill(combinedLabels, n, total, SoftmaxCrossEntropy.NO_CLASS);
            java.util.Arrays.fill(combinedWeights, 0, n, 1f);
            java.util.Arrays.fill(combinedWeights, n, total, (float) (options.outlierExposure.weight() * n / m));
            return combined;
        }

        /** Undo what the failed forward changed in layer state, and explain. */
        private String refuse(String what, double value, double lr) {
            for (int i = 0; i < mutableState.size(); i++) {
                System.arraycopy(stateBackup.get(i), 0, mutableState.get(i).data(), 0, stateBackup.get(i).length);
            }
            model.zeroGrad();
            String message = String.format(Locale.ROOT, "the %s became %s at epoch %d, step %d (learning rate %.3g); "
                            + "stopped with the weights from before that step — try a lower learning rate or gradient clipping",
                    what, value, state.epoch + 1, state.stepInEpoch + 1, lr);
            listener.onMessage(message);
            return message;
        }

        private double gradientNorm() {
            double sum = 0;
            for (Parameter p : trainable) for (float g : p.grad().data()) sum += (double) g * g;
            return Math.sqrt(sum);
        }

        private void scaleGradients(float factor) {
            for (Parameter p : trainable) {
                float[] g = p.grad().data();
                for (int i = 0; i < g.length; i++) g[i] *= factor;
            }
        }

        /** Validation, best-weight bookkeeping, listener; returns true when early stopping says stop. */
        private boolean endEpoch(double seconds) {
            Evaluation eval = null;
            boolean best = false;
            if (validation != null && !validation.isEmpty()) {
                long t0 = System.nanoTime();
                eval = Evaluator.evaluate(model, validation, options.evalBatchSize);
                seconds += (System.nanoTime() - t0) / 1e9;
                best = eval.accuracy() > state.bestAccuracy
                        || (eval.accuracy() == state.bestAccuracy && eval.logLoss() < state.bestLoss);
                if (best) {
                    state.bestAccuracy = eval.accuracy();
                    state.bestLoss = eval.logLoss();
                    state.bestEpoch = state.epoch + 1;
                    state.epochsWithoutImprovement = 0;
                    state.best = RunState.copyOf(model.state());
                } else {
                    state.epochsWithoutImprovement++;
                }
            }
            EpochSummary summary = new EpochSummary(state.epoch + 1, state.seen == 0 ? 0 : state.lossSum / state.seen,
                    state.seen == 0 ? 0 : (double) state.correct / state.seen, eval, best, seconds);
            history.add(summary);
            listener.onEpochEnd(summary);
            state.epoch++;
            state.stepInEpoch = 0;
            state.lossSum = 0;
            state.correct = 0;
            state.seen = 0;
            return options.patience > 0 && state.epochsWithoutImprovement >= options.patience;
        }

        private void saveCheckpoint() throws IOException {
            if (options.checkpoint == null) return;
            state.toCheckpoint(model, optimizer, fingerprint).write(options.checkpoint, options.checkpointFiles);
        }

        private TrainingResult finish(TrainingResult.Stop stop, String message) {
            Evaluation bestValidation = null;
            // A cancelled run keeps its current weights: it is paused, not over.
            if (stop != TrainingResult.Stop.CANCELLED && options.restoreBest && state.best != null) {
                model.loadState(state.best);
                if (state.bestEpoch != state.epoch) {
                    listener.onMessage("restored the weights of epoch " + state.bestEpoch + " (best validation accuracy)");
                }
            }
            if (stop != TrainingResult.Stop.CANCELLED && validation != null && !validation.isEmpty()) {
                bestValidation = Evaluator.evaluate(model, validation, options.evalBatchSize);
            }
            if (stop == TrainingResult.Stop.EARLY_STOPPED) listener.onMessage("stopped early: " + message);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return new TrainingResult(stop, message, history, state.epoch, state.bestEpoch, bestValidation,
                    stepsThisCall, samplesThisCall, seconds);
        }
    }

    /** Number of rows whose largest logit is at the label (lowest index on ties, as {@link Evaluation}). */
    static int correctCount(Tensor logits, int[] labels) {
        int k = logits.dim(1);
        float[] z = logits.data();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (z[i * k + j] > z[i * k + best]) best = j;
            if (best == labels[i]) correct++;
        }
        return correct;
    }

    /** The model's live state by name (weights and layer state), e.g. for tests comparing two runs. */
    public static Map<String, Tensor> snapshot(Model model) {
        return RunState.copyOf(model.state());
    }
}
