package org.localexpert.core.layer;

/** y = a · b elementwise with broadcasting (TFLite MUL): the mixture's gate × expert probabilities. */
public final class Multiply extends BroadcastBinary {
    public Multiply(String name) {
        super(name);
    }

    @Override protected float apply(float a, float b) { return a * b; }
    @Override protected float derivativeA(float a, float b) { return b; }
    @Override protected float derivativeB(float a, float b) { return a; }

    @Override
    public Multiply copy(String newName) {
        return new Multiply(newName);
    }
}
