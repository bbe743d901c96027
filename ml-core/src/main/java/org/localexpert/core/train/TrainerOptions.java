package org.localexpert.core.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.localexpert.core.store.AtomicFile;

/**
 * Everything that defines a training run besides the model and the data. Immutable; made with
 * {@link #builder()}. Two runs with equal options, model, data and thread count produce
 * bit-identical weights.
 */
public final class TrainerOptions {
    /** How classes are weighted in the loss. */
    public enum ClassWeighting {
        /** Every sample counts the same. */
        NONE,
        /** Weight of class c = N / (K · count(c)): rare classes count as much in total as common ones. */
        BALANCED
    }

    final int epochs;
    final int batchSize;
    final int evalBatchSize;
    final long seed;
    final int threads;
    final double validationFraction;
    final int patience;
    final boolean restoreBest;
    final ClassWeighting classWeighting;
    final float[] classWeights;
    final double labelSmoothing;
    final Supplier<Augmentation> augmentation;
    final Supplier<Optimizer> optimizer;
    final LongFunction<LearningRateSchedule> schedule;
    final double gradientClipNorm;
    final Path checkpoint;
    final int checkpointEverySteps;
    final boolean resume;
    final AtomicFile checkpointFiles;
    final OutlierExposure outlierExposure;

    private TrainerOptions(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        evalBatchSize = b.evalBatchSize;
        seed = b.seed;
        threads = b.threads;
        validationFraction = b.validationFraction;
        patience = b.patience;
        restoreBest = b.restoreBest;
        classWeighting = b.classWeighting;
        classWeights = b.classWeights == null ? null : b.classWeights.clone();
        labelSmoothing = b.labelSmoothing;
        augmentation = b.augmentation;
        optimizer = b.optimizer;
        schedule = b.schedule;
        gradientClipNorm = b.gradientClipNorm;
        checkpoint = b.checkpoint;
        checkpointEverySteps = b.checkpointEverySteps;
        resume = b.resume;
        checkpointFiles = b.checkpointFiles;
        outlierExposure = b.outlierExposure;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    public Path checkpoint() {
        return checkpoint;
    }

    /** One line for logs and model cards. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epochs %d, batch %d, seed %d, threads %d, validation %.3f, patience %d, "
                        + "class weights %s, label smoothing %.2f, augmentation %s, optimizer %s, clip %s",
                epochs, batchSize, seed, threads, validationFraction, patience,
                classWeights != null ? "explicit" : classWeighting, labelSmoothing,
                augmentation == null ? "none" : augmentation.get(), optimizer.get(),
                gradientClipNorm > 0 ? Double.toString(gradientClipNorm) : "off")
                + (outlierExposure == null ? "" : ", " + outlierExposure);
    }

    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private int evalBatchSize = 256;
        private long seed = 1;
        private int threads = Runtime.getRuntime().availableProcessors();
        private double validationFraction;
        private int patience;
        private boolean restoreBest = true;
        private ClassWeighting classWeighting = ClassWeighting.NONE;
        private float[] classWeights;
        private double labelSmoothing;
        private Supplier<Augmentation> augmentation;
        private Supplier<Optimizer> optimizer = () -> new Adam(1e-3);
        private LongFunction<LearningRateSchedule> schedule;
        private double gradientClipNorm;
        private Path checkpoint;
        private int checkpointEverySteps;
        private boolean resume;
        private AtomicFile checkpointFiles = AtomicFile.standard();
        private OutlierExposure outlierExposure;

        private Builder() {}

        public Builder epochs(int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Batch size for validation passes (no gradients, so larger batches fit). */
        public Builder evalBatchSize(int evalBatchSize) {
            if (evalBatchSize < 1) throw new IllegalArgumentException("evaluation batch size must be >= 1, got " + evalBatchSize);
            this.evalBatchSize = evalBatchSize;
            return this;
        }

        /** Drives shuffling, augmentation, the validation split and dropout. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Threads for forward/backward; results are bit-identical for a given count. */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            this.threads = threads;
            return this;
        }

        /**
         * Share of the training data held out (stratified, from the seed) for validation and early
         * stopping when {@link Trainer#train} gets no explicit validation set. 0 = none.
         */
        public Builder validationFraction(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
            this.validationFraction = fraction;
            return this;
        }

        /** Stop after this many epochs without a new best validation accuracy; 0 = never stop early. */
        public Builder patience(int epochs) {
            if (epochs < 0) throw new IllegalArgumentException("patience must be >= 0, got " + epochs);
            this.patience = epochs;
            return this;
        }

        /** At the end, put back the weights of the best validation epoch (default true). */
        public Builder restoreBest(boolean restoreBest) {
            this.restoreBest = restoreBest;
            return this;
        }

        public Builder classWeighting(ClassWeighting weighting) {
            this.classWeighting = weighting;
            this.classWeights = null;
            return this;
        }

        /** Explicit per-class loss weights (index = label). */
        public Builder classWeights(float... weights) {
            for (float w : weights) {
                if (!(w >= 0) || Float.isInfinite(w)) throw new IllegalArgumentException("class weights must be finite and >= 0");
            }
            this.classWeights = weights.clone();
            return this;
        }

        /** Softens one-hot targets: (1 − ε) on the true class, ε/K spread over all classes. */
        public Builder labelSmoothing(double epsilon) {
            if (!(epsilon >= 0 && epsilon < 1)) throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
            this.labelSmoothing = epsilon;
            return this;
        }

        /** Makes the augmentation for a run (instances keep scratch buffers); null = none. */
        public Builder augmentation(Supplier<Augmentation> augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Makes a fresh optimizer for each run (default Adam, lr 1e-3). */
        public Builder optimizer(Supplier<Optimizer> optimizer) {
            if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
            this.optimizer = optimizer;
            return this;
        }

        /**
         * The learning-rate schedule, made from the run's total number of steps (so cosine and
         * warm-up fit any data size); null keeps the optimizer's own rate.
         */
        public Builder schedule(LongFunction<LearningRateSchedule> schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Rescale gradients whose global L2 norm exceeds this; 0 = off. */
        public Builder gradientClipNorm(double maxNorm) {
            if (!(maxNorm >= 0)) throw new IllegalArgumentException("gradient clip norm must be >= 0, got " + maxNorm);
            this.gradientClipNorm = maxNorm;
            return this;
        }

        /**
         * Where to keep the checkpoint: written after every epoch, every {@code everySteps} steps
         * when > 0, and when cancelled. Null = no checkpoints.
         */
        public Builder checkpoint(Path file, int everySteps) {
            if (everySteps < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + everySteps);
            this.checkpoint = file;
            this.checkpointEverySteps = everySteps;
            return this;
        }

        /** Continue from the checkpoint file if it exists (else start afresh). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** How checkpoints are written (always atomically); tests pass one with fault-injecting hooks. */
        public Builder checkpointFiles(AtomicFile files) {
            if (files == null) throw new IllegalArgumentException("checkpoint files must not be null");
            this.checkpointFiles = files;
            return this;
        }

        /** Adds inputs of no class to every batch with a uniform target (see {@link OutlierExposure}); null = none. */
        public Builder outlierExposure(OutlierExposure outlierExposure) {
            this.outlierExposure = outlierExposure;
            return this;
        }

        public TrainerOptions build() {
            if (resume && checkpoint == null) throw new IllegalArgumentException("resume needs a checkpoint file");
            return new TrainerOptions(this);
        }
    }
}
