package org.localexpert.core.loss;

import org.localexpert.core.tensor.Tensor;

/**
 * A training objective on a model output. {@link #forward} returns the mean loss of the batch and
 * remembers what {@link #backward} needs; {@link #backward} returns dLoss/dOutput (owned by the
 * loss, reused on the next call), which goes into {@code Model.backward}.
 */
public interface Loss {
    /**
     * @param output the model's output for the batch (logits, first dimension = batch)
     * @param target what the output should be; its form is defined by each loss
     * @return the weighted mean loss over the batch
     */
    float forward(Tensor output, Tensor target);

    /** dLoss/dOutput for the last forward, same shape as the output. */
    Tensor backward();
}
