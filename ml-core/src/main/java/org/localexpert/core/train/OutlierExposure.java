package org.localexpert.core.train;

import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.data.Dataset;

/**
 * Outlier exposure (Hendrycks, Mazeika and Dietterich, ICLR 2019): every training batch also carries
 * inputs that belong to no class — drawings of other alphabets, photos of other crops — whose target is
 * the uniform distribution. The model learns to give such inputs a low top probability, so the
 * "unsure" cut on the top probability catches inputs of kinds it has never seen better than a model
 * that only ever saw its own classes.
 *
 * <p>The loss of a batch is (mean CE of the class inputs + {@code weight} · mean CE-to-uniform of the
 * outliers) / (1 + weight); the outliers' labels are ignored, they are augmented like the class inputs,
 * and batch {@code s} of the run always gets the same outliers (the run stays reproducible and resumable).
 */
public final class OutlierExposure {
    private final Dataset outliers;
    private final int perBatch;
    private final double weight;
    private final String description;

    /**
     * @param outliers    inputs of no class, same shape as the training data (labels ignored)
     * @param perBatch    outliers added to every batch
     * @param weight      λ, the weight of the outliers' mean loss against the class inputs' (Hendrycks: 0.5)
     * @param description what the outliers are, for logs and model cards
     */
    public OutlierExposure(Dataset outliers, int perBatch, double weight, String description) {
        if (outliers == null || outliers.isEmpty()) throw new IllegalArgumentException("outlier exposure needs at least one outlier");
        if (perBatch < 1) throw new IllegalArgumentException("outliers per batch must be >= 1, got " + perBatch);
        if (!(weight > 0) || Double.isInfinite(weight)) throw new IllegalArgumentException("outlier weight must be > 0 and finite, got " + weight);
        this.outliers = outliers;
        this.perBatch = perBatch;
        this.weight = weight;
        this.description = description == null ? "" : description;
    }

    public Dataset outliers() {
        return outliers;
    }

    public int perBatch() {
        return perBatch;
    }

    public double weight() {
        return weight;
    }

    void requireShape(int[] shape) {
        if (!Arrays.equals(shape, outliers.shape())) {
            throw new IllegalArgumentException("outliers have shape " + Arrays.toString(outliers.shape())
                    + " but the training data " + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "outlier exposure: %,d outliers%s, %d per batch, weight %.2f",
                outliers.size(), description.isEmpty() ? "" : " (" + description + ")", perBatch, weight);
    }
}
