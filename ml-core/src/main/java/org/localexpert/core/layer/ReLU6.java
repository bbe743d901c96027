package org.localexpert.core.layer;

/**
 * Elementwise y = min(max(x, 0), 6) (TFLite RELU6). Prefer the fused activation of the preceding
 * Conv2D or Dense where there is one.
 */
public final class ReLU6 extends ActivationLayer {
    public ReLU6(String name) {
        super(name, Activation.RELU6);
    }

    @Override
    public ReLU6 copy(String newName) {
        return new ReLU6(newName);
    }
}
