package org.localexpert.experiments.fp16;

import java.util.Locale;
import org.localexpert.core.predict.Prediction;

/**
 * How often the FP16 run of a model decides differently from the float32 run on the same inputs — in what
 * the app shows: the label, who answered (the gate's route, GE or LE, for a mixture) and whether it says
 * "unsure". Counted per input, so one input whose label and route both change counts once in {@link #any}.
 */
public final class DecisionChanges {
    /** The share of inputs at or below which FP16 is good enough for the app (issue 21). */
    public static final double LIMIT = 0.005;

    public final String name;
    private int n, label, route, unsure, any, nonFinite;
    private double maxProbabilityDifference;

    public DecisionChanges(String name) {
        this.name = name;
    }

    /** Counts one input's pair of predictions: {@code reference} (float32) and {@code fp16}. */
    public void add(Prediction reference, Prediction fp16) {
        n++;
        boolean l = reference.labelIndex() != fp16.labelIndex();
        boolean r = reference.expert() != fp16.expert();
        boolean u = reference.unsure() != fp16.unsure();
        if (l) label++;
        if (r) route++;
        if (u) unsure++;
        if (l || r || u) any++;
        float[] a = reference.probabilities(), b = fp16.probabilities();
        boolean finite = !Float.isNaN(fp16.gate()) || Float.isNaN(reference.gate()); // a GE has no gate in either run
        for (int i = 0; i < a.length; i++) {
            finite &= Float.isFinite(b[i]);
            // NaN would make the maximum NaN: such inputs are counted apart instead.
            if (Float.isFinite(b[i])) maxProbabilityDifference = Math.max(maxProbabilityDifference, Math.abs(a[i] - b[i]));
        }
        if (!finite) nonFinite++;
    }

    public int n() { return n; }
    public WilsonInterval label() { return WilsonInterval.of(label, n); }
    public WilsonInterval route() { return WilsonInterval.of(route, n); }
    public WilsonInterval unsure() { return WilsonInterval.of(unsure, n); }
    public WilsonInterval any() { return WilsonInterval.of(any, n); }

    /** Inputs whose FP16 outputs hold a NaN or an infinity (a value or weight beyond half's range, 65504). */
    public int nonFinite() { return nonFinite; }

    /** The largest difference of one class probability between the two runs (finite FP16 values only). */
    public double maxProbabilityDifference() { return maxProbabilityDifference; }

    /** Every share (label, route, unsure) at or below {@link #LIMIT}. */
    public boolean withinLimit() {
        return n > 0 && label / (double) n <= LIMIT && route / (double) n <= LIMIT && unsure / (double) n <= LIMIT;
    }

    /** The counts of {@code parts} together (a domain's mixtures pooled). */
    public static DecisionChanges pool(String name, java.util.List<DecisionChanges> parts) {
        DecisionChanges s = new DecisionChanges(name);
        for (DecisionChanges o : parts) {
            s.n += o.n;
            s.label += o.label;
            s.route += o.route;
            s.unsure += o.unsure;
            s.any += o.any;
            s.nonFinite += o.nonFinite;
            s.maxProbabilityDifference = Math.max(s.maxProbabilityDifference, o.maxProbabilityDifference);
        }
        return s;
    }

    /** One row of the bench's table. */
    public String row(boolean mixture) {
        return String.format(Locale.ROOT, "%-34s %6d  %-32s %-32s %-32s %-32s %.2e  %6d  %s", name, n, label(), mixture ? route().toString() : "- (GE: no gate)",
                unsure(), any(), maxProbabilityDifference, nonFinite, withinLimit() ? "<= 0.5 %" : "OVER 0.5 %");
    }
}
