package org.localexpert.core.train;

import org.localexpert.core.layer.Padding;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;

/**
 * The handwriting global expert's recipe: architecture and training settings in one place, so the
 * CLI ({@code train-ge}), the benchmarks and the handwriting domain's benchmark GE all train the
 * same thing.
 *
 * <p>Architecture: Caffe's LeNet-5 widths (20 and 50 filters, 500 hidden units, VALID 5×5
 * convolutions), ~431 k parameters and 2.3 M multiply-accumulates per digit, dropout 0.5 before the
 * logits. Measured on this project's engine (2 threads, one-epoch probes on 6,400 digits): this
 * model trained at ~720 samples/s; the same with BatchNorm after each convolution at ~270; a
 * SAME-padded 32/64-filter, 256-unit variant costs 5× the multiply-accumulates. Trained by
 * {@code train-ge} (5 epochs) it reaches 99.48 % on MNIST t10k (models/handwriting/README.md).
 *
 * <p>Training: AdamW (lr 2e-3, decoupled weight decay 0.01 on kernels only), linear warm-up over 5 %
 * of the steps then cosine decay to 1e-5, batch 64, random affine augmentation (±10°, ±10 % scale,
 * ±2 px), 5,000 digits of the training data held out to pick the best epoch.
 */
public final class HandwritingRecipes {
    /** Digits held out of MNIST train for validation (early stopping / best epoch), stratified by class. */
    public static final int VALIDATION_DIGITS = 5000;
    public static final int DEFAULT_EPOCHS = 5;
    public static final int BATCH_SIZE = 64;
    /** Outlier exposure: drawings of no class added to each batch of 64 digits, and their loss weight λ (Hendrycks et al.'s 0.5). */
    public static final int OUTLIERS_PER_BATCH = 32;
    public static final double OUTLIER_WEIGHT = 0.5;
    /** Metadata property of a GE trained with outlier exposure: the Omniglot alphabets it saw as outliers (comma-separated). */
    public static final String OUTLIER_ALPHABETS_PROPERTY = "outlier_alphabets";
    /**
     * Pen widths of the canvas redraw, as a share of the drawing's longer side: the range of Omniglot's
     * drawings on the app's canvas (pen 4.5 % of the canvas): 5th and 95th percentiles 0.051 and 0.099, median 0.069.
     */
    public static final double REDRAW_PEN_MIN = 0.05, REDRAW_PEN_MAX = 0.10;

    private HandwritingRecipes() {}

    public static LeNet5.Config geConfig() {
        return new LeNet5.Config(20, 50, 500, Padding.VALID, false, 0.5f);
    }

    /** The untrained GE (logits output) for 28×28×1 digits, 10 classes. */
    public static Model geModel(long seed) {
        return LeNet5.build(geConfig(), 28, 28, 10, seed);
    }

    /**
     * Training options of the GE recipe; {@code trainSize} is the number of training digits (to
     * express the validation share as {@link #VALIDATION_DIGITS} digits).
     */
    public static TrainerOptions.Builder geOptions(int epochs, long seed, int threads, int trainSize) {
        double validation = Math.min(0.5, (double) VALIDATION_DIGITS / trainSize);
        return TrainerOptions.builder()
                .epochs(epochs)
                .batchSize(BATCH_SIZE)
                .seed(seed)
                .threads(threads)
                .validationFraction(validation)
                .restoreBest(true)
                .optimizer(() -> Adam.adamW(2e-3, 0.01))
                .schedule(total -> {
                    // Warm up over 5 % of the run (at most one epoch): enough for Adam's moments to settle.
                    long warmup = Math.max(1, Math.min(total / Math.max(1, epochs), total / 20));
                    return LearningRateSchedule.warmupCosine(2e-3, Math.min(warmup, total - 1), total, 1e-5);
                })
                .augmentation(RandomAffine::forDigits);
    }

    /** The shipped form: the trained logits model with a softmax on top (BatchNorm, if any, is folded by the exporter). */
    public static Model inferenceModel(Model trained) {
        if (trained.outputs().size() != 1) throw new IllegalArgumentException("expected a single-output model");
        Model.Builder b = Model.builder();
        Node in = b.input(trained.inputs().get(0).name(), trained.inputs().get(0).shape());
        Node logits = b.include(trained, "", in).get(trained.outputs().get(0).name());
        return b.build(b.add(new Softmax("probabilities"), logits));
    }
}
