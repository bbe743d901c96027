package org.localexpert.core.layer;

/** {@code [N, H, W, C] → [N, H·W·C]} in NHWC order, for a Dense after convolutions. Exported as RESHAPE. */
public final class Flatten extends Reshape {
    public Flatten(String name) {
        super(name, -1);
    }

    @Override
    public Flatten copy(String newName) {
        return new Flatten(newName);
    }
}
