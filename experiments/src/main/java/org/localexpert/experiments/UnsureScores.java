package org.localexpert.experiments;

import java.util.ArrayList;
import java.util.List;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.abstain.InputCheck;
import org.localexpert.core.moe.FeatureExtractor;

/**
 * What the "unsure" rule looks at, for every input of one set: the GE's features and probabilities,
 * the top probability, the nearest-bank similarity and whether the domain's input check refused the
 * input. Kept per input (features are a few hundred floats; pixels are dropped) so that the rule can be
 * calibrated on one set and then applied, through {@link AbstentionRule} itself, to the others.
 */
final class UnsureScores {
    final String set;
    final List<String> group = new ArrayList<>();
    final List<float[]> features = new ArrayList<>();
    final List<float[]> probabilities = new ArrayList<>();
    final List<Boolean> inputRefused = new ArrayList<>();
    private final List<Float> msp = new ArrayList<>();
    private final List<Float> similarity = new ArrayList<>();

    UnsureScores(String set) {
        this.set = set;
    }

    /** Runs the GE on {@code input} and records what the rule needs ({@code bank}'s cut is not used here, only its similarity). */
    void add(String groupName, float[] input, int[] shape, FeatureExtractor fx, InputCheck check, Familiarity bank) {
        float[] f = new float[fx.featureSize()], p = new float[fx.classes()];
        fx.extract(input, f, p);
        float top = 0;
        for (float v : p) top = Math.max(top, v);
        group.add(groupName);
        features.add(f);
        probabilities.add(p);
        inputRefused.add(check.problem(input, shape[0], shape[1], shape[2]) != null);
        msp.add(top);
        similarity.add(bank.similarity(f));
    }

    int size() {
        return group.size();
    }

    float[] msp() {
        return toArray(msp);
    }

    float[] similarity() {
        return toArray(similarity);
    }

    /** The shipped rule's verdict on input i (the input check's result was recorded when the input was at hand). */
    boolean flagged(AbstentionRule rule, int i) {
        return inputRefused.get(i) || rule.decide(probabilities.get(i), rule.needsFeatures() ? features.get(i) : null).unsure();
    }

    /** A subset by index (e.g. MNIST's design writers). */
    UnsureScores subset(String name, boolean[] keep) {
        UnsureScores s = new UnsureScores(name);
        for (int i = 0; i < size(); i++) if (keep[i]) s.copyRow(this, i);
        return s;
    }

    /** {@code a}'s inputs followed by {@code b}'s, as one set. */
    static UnsureScores concat(String name, UnsureScores a, UnsureScores b) {
        UnsureScores s = new UnsureScores(name);
        for (UnsureScores part : new UnsureScores[] {a, b}) for (int i = 0; i < part.size(); i++) s.copyRow(part, i);
        return s;
    }

    /** Appends input {@code i} of {@code from}: the one place that knows every per-input field. */
    private void copyRow(UnsureScores from, int i) {
        group.add(from.group.get(i));
        features.add(from.features.get(i));
        probabilities.add(from.probabilities.get(i));
        inputRefused.add(from.inputRefused.get(i));
        msp.add(from.msp.get(i));
        similarity.add(from.similarity.get(i));
    }

    private static float[] toArray(List<Float> v) {
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i);
        return a;
    }
}
