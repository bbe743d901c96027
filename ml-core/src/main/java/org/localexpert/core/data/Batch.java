package org.localexpert.core.data;

import org.localexpert.core.tensor.Tensor;

/**
 * A mini-batch ready for the engine: inputs as one NHWC tensor [N, H, W, C] (or [N, ...shape])
 * and the N label indices.
 */
public final class Batch {
    private final Tensor inputs;
    private final int[] labels;

    public Batch(Tensor inputs, int[] labels) {
        if (inputs.dim(0) != labels.length) {
            throw new IllegalArgumentException("batch of " + inputs.dim(0) + " inputs but " + labels.length + " labels");
        }
        this.inputs = inputs;
        this.labels = labels;
    }

    public Tensor inputs() {
        return inputs;
    }

    public int[] labels() {
        return labels;
    }

    public int size() {
        return labels.length;
    }
}
