package org.localexpert.core.train;

import org.localexpert.core.data.Dataset;
import org.localexpert.core.tensor.Tensor;

/**
 * Turns a dataset into the training mini-batches of one epoch: the order is a permutation drawn
 * from (seed, epoch), each sample is augmented with a generator seeded from (seed, epoch, sample
 * index), and batches are copied into buffers reused from step to step. So batch {@code s} of epoch
 * {@code e} is the same whenever it is asked for — which is what lets a resumed run continue in the
 * middle of an epoch and still match an uninterrupted one.
 */
final class BatchSource {
    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final Augmentation augmentation;
    private final int featureSize;
    private final int[] shape;
    private final Rng rng = new Rng(0);

    private int epochOfOrder = -1;
    private int[] order;
    private Tensor full, partial;
    private final int[] labelsFull;
    private int[] labelsPartial;
    private int[] lastLabels;

    BatchSource(Dataset data, int batchSize, long seed, Augmentation augmentation) {
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size());
        this.seed = seed;
        this.augmentation = augmentation;
        this.featureSize = data.featureSize();
        this.shape = data.shape();
        if (augmentation != null && shape.length != 3) {
            throw new IllegalArgumentException("augmentation works on images [H, W, C] but the data's examples have shape "
                    + java.util.Arrays.toString(shape));
        }
        this.labelsFull = new int[this.batchSize];
    }

    int stepsPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Labels of the batch last returned by {@link #batch} (a reused array). */
    int[] labels() {
        return lastLabels;
    }

    /** Batch {@code step} (0-based) of {@code epoch} (0-based), augmented; the tensor is reused by the next call. */
    Tensor batch(int epoch, int step) {
        if (epoch != epochOfOrder) {
            order = Rng.permutation(data.size(), Rng.mix(seed, 0x5EED, epoch));
            epochOfOrder = epoch;
        }
        int from = step * batchSize;
        int to = Math.min(data.size(), from + batchSize);
        int n = to - from;
        Tensor x;
        int[] labels;
        if (n == batchSize) {
            if (full == null) full = Tensor.zeros(batchShape(n));
            x = full;
            labels = labelsFull;
        } else {
            if (partial == null || partial.dim(0) != n) {
                partial = Tensor.zeros(batchShape(n));
                labelsPartial = new int[n];
            }
            x = partial;
            labels = labelsPartial;
        }
        float[] dst = x.data();
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            System.arraycopy(data.get(index).features(), 0, dst, i * featureSize, featureSize);
            labels[i] = data.get(index).label();
            if (augmentation != null) {
                rng.reseed(Rng.mix(seed, epoch, index));
                augmentation.apply(dst, i * featureSize, shape[0], shape[1], shape[2], rng);
            }
        }
        lastLabels = labels;
        return x;
    }

    private int[] batchShape(int n) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
