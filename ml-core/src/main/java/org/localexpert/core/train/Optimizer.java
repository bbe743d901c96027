package org.localexpert.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.localexpert.core.tensor.Parameter;

/**
 * Updates parameters from their accumulated gradients. Frozen parameters are skipped entirely:
 * no update, no decay and no optimizer state, so a frozen global expert stays bit-for-bit the same.
 *
 * <p>Per-parameter state (momentum buffers, Adam moments) is kept by parameter name, so it can be
 * written into a checkpoint and restored into a freshly built model ({@link #state()},
 * {@link #loadState}). The update is plain sequential float arithmetic in parameter order:
 * deterministic whatever the thread count.
 */
public abstract class Optimizer {
    private double learningRate;
    private final double weightDecay;
    private final WeightDecay decayKind;
    private long steps;
    /** Slot name ("m", "v", "momentum") → parameter name → buffer. */
    private final Map<String, Map<String, float[]>> slots = new LinkedHashMap<>();

    protected Optimizer(double learningRate, double weightDecay, WeightDecay decayKind) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.decayKind = decayKind;
    }

    /** One update of every trainable parameter in {@code params}; gradients are left as they are. */
    public void step(List<Parameter> params) {
        steps++;
        float lr = (float) learningRate;
        float wd = (float) weightDecay;
        for (Parameter p : params) {
            if (p.frozen()) continue;
            float[] w = p.value().data();
            float[] g = p.grad().data();
            boolean decays = wd != 0f && p.decay();
            if (decays && decayKind == WeightDecay.DECOUPLED) {
                // Shrink first, from the pre-update weight, as AdamW does.
                float shrink = 1f - lr * wd;
                for (int i = 0; i < w.length; i++) w[i] *= shrink;
            }
            update(p.name(), w, g, lr, decays && decayKind == WeightDecay.L2 ? wd : 0f, steps);
        }
    }

    /**
     * Updates {@code w} in place from gradient {@code g}. {@code l2} is the coefficient to add
     * {@code l2 * w} to the gradient with (0 when this parameter takes no L2 penalty); the gradient
     * array itself must not be modified. {@code t} is the 1-based step number.
     */
    protected abstract void update(String name, float[] w, float[] g, float lr, float l2, long t);

    /** The named per-parameter buffer of this slot, zero-filled on first use. */
    protected final float[] buffer(String slot, String param, int length) {
        Map<String, float[]> bySlot = slots.computeIfAbsent(slot, k -> new LinkedHashMap<>());
        float[] b = bySlot.get(param);
        if (b == null) {
            b = new float[length];
            bySlot.put(param, b);
        } else if (b.length != length) {
            throw new IllegalStateException("optimizer state '" + slot + "' of parameter " + param + " has "
                    + b.length + " values but the parameter has " + length);
        }
        return b;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Set by the trainer from its schedule before every step. */
    public void setLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public WeightDecay decayKind() {
        return decayKind;
    }

    /** Number of {@link #step} calls so far (Adam's bias correction depends on it). */
    public long steps() {
        return steps;
    }

    /**
     * The optimizer's state as "slot/parameter" → buffer (live arrays, not copies) — what a
     * checkpoint stores next to the weights. Together with {@link #steps()} it is all the state.
     */
    public Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, float[]>> slot : slots.entrySet()) {
            for (Map.Entry<String, float[]> e : slot.getValue().entrySet()) {
                out.put(slot.getKey() + "/" + e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Replaces all state with a copy of what {@link #state()} returned (e.g. read from a checkpoint). */
    public void loadState(Map<String, float[]> state, long steps) {
        if (steps < 0) throw new IllegalArgumentException("negative step count " + steps);
        slots.clear();
        for (Map.Entry<String, float[]> e : state.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            if (slash <= 0) throw new IllegalArgumentException("optimizer state key '" + key + "' is not slot/parameter");
            slots.computeIfAbsent(key.substring(0, slash), k -> new LinkedHashMap<>())
                    .put(key.substring(slash + 1), e.getValue().clone());
        }
        this.steps = steps;
    }

    /** A short description for logs and model cards, e.g. "AdamW(lr=0.001, wd=0.0001)". */
    @Override
    public abstract String toString();
}
