package org.localexpert.core.layer;

/** y = a − b elementwise with broadcasting (TFLite SUB). */
public final class Subtract extends BroadcastBinary {
    public Subtract(String name) {
        super(name);
    }

    @Override protected float apply(float a, float b) { return a - b; }
    @Override protected float derivativeA(float a, float b) { return 1f; }
    @Override protected float derivativeB(float a, float b) { return -1f; }

    @Override
    public Subtract copy(String newName) {
        return new Subtract(newName);
    }
}
