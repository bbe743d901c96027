package org.localexpert.core.tensor;

/**
 * A trainable weight and its gradient. Layers accumulate into {@link #grad()} during backward;
 * optimizers read the gradient and update {@link #value()}. A frozen parameter (the global
 * expert's weights while the local expert trains) gets no gradient and no update.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private boolean frozen;
    /** Weight decay applies to kernels, not to biases or BatchNorm scales. */
    private final boolean decay;

    public Parameter(String name, Tensor value, boolean decay) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.shape());
        this.decay = decay;
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    public boolean frozen() {
        return frozen;
    }

    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    public boolean decay() {
        return decay;
    }

    public void zeroGrad() {
        grad.fill(0f);
    }
}
