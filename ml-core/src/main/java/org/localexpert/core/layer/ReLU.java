package org.localexpert.core.layer;

/**
 * Elementwise y = max(x, 0) (TFLite RELU). Prefer the fused activation of the preceding Conv2D or
 * Dense where there is one.
 */
public final class ReLU extends ActivationLayer {
    public ReLU(String name) {
        super(name, Activation.RELU);
    }

    @Override
    public ReLU copy(String newName) {
        return new ReLU(newName);
    }
}
