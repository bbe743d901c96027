package org.localexpert.core.train;

/**
 * How an optimizer shrinks weights. Only parameters whose {@code decay()} is true are touched:
 * kernels and dense weights, never biases or BatchNorm scales (decaying those only hurts).
 *
 * <p>The two kinds differ for adaptive optimizers (Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization"): {@link #L2} adds {@code lambda * w} to the gradient, so Adam divides it by the
 * running gradient scale and well-used weights barely decay; {@link #DECOUPLED} subtracts
 * {@code lr * lambda * w} from the weight directly, the same for every weight. For plain SGD the
 * two are the same up to momentum.
 */
public enum WeightDecay {
    /** L2 penalty: {@code grad += lambda * w} before the optimizer's own update. */
    L2,
    /** Decoupled: {@code w -= lr * lambda * w} next to the optimizer's update (AdamW). */
    DECOUPLED
}
