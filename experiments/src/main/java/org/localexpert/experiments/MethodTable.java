package org.localexpert.experiments;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.localexpert.cli.Baselines;
import org.localexpert.cli.Baselines.Method;

/**
 * One bench's table of {@link Baselines} methods over its units (writers, or farm draws), with
 * bootstrap 95 % intervals ({@link BenchStats}). Two ways to resample the held-out side:
 * {@link Resample#UNITS} (handwriting: each writer's held-out digits are their own, so writers are
 * resampled) and {@link Resample#ITEMS} (the farm: the draws hold out overlapping photos of one
 * farm, so the farm's photos are resampled and every draw is scored on its held-out share of them).
 * The generic drop is always resampled over the generic test's items (the users fixed).
 */
public final class MethodTable {
    public enum Resample { UNITS, ITEMS }

    private static final Method[] METHODS = Method.values();

    private static final class Unit {
        final String key;
        final int[] items;
        final Baselines.Outcome outcome;
        /** Errors per method with every item weighted 1 (the UNITS resampling reads only these). */
        final int[] errors = new int[METHODS.length];

        Unit(String key, int[] items, Baselines.Outcome outcome) {
            this.key = key;
            this.items = items;
            this.outcome = outcome;
            for (Method m : METHODS) errors[m.ordinal()] = outcome.errors(m);
        }
    }

    private final String keyHeader;
    private final Resample resample;
    private final List<Unit> units = new ArrayList<>();
    /** [method][generic item]: how many units' method got it wrong. */
    private int[][] genericWrong;
    private int itemCount;

    /** @param keyHeader the CSV header of a unit's key columns, e.g. "writer,group" */
    public MethodTable(String keyHeader, Resample resample) {
        this.keyHeader = keyHeader;
        this.resample = resample;
    }

    /**
     * Adds one unit. {@code items}: ids of its held-out items in a space shared by all units
     * (needed for {@link Resample#ITEMS}; with {@link Resample#UNITS} they may be null).
     */
    public void add(String key, int[] items, Baselines.Outcome o) {
        if (genericWrong == null) genericWrong = new int[METHODS.length][o.genericWrong(Method.GE).length];
        for (int m = 0; m < METHODS.length; m++) {
            boolean[] wrong = o.genericWrong(METHODS[m]);
            for (int g = 0; g < wrong.length; g++) if (wrong[g]) genericWrong[m][g]++;
        }
        if (items != null) for (int id : items) itemCount = Math.max(itemCount, id + 1);
        units.add(new Unit(key, items, o));
    }

    public int size() {
        return units.size();
    }

    /** Held-out errors of {@code m} in unit {@code u}, items weighted by {@code w} (null = 1 each). */
    private int weightedErrors(Unit u, Method m, int[] w) {
        if (w == null) return u.errors[m.ordinal()];
        boolean[] wrong = u.outcome.heldWrong(m);
        int e = 0;
        for (int j = 0; j < wrong.length; j++) if (wrong[j]) e += w[u.items[j]];
        return e;
    }

    private int weightedCount(Unit u, int[] w) {
        if (w == null) return u.outcome.heldWrong(Method.GE).length;
        int n = 0;
        for (int id : u.items) n += w[id];
        return n;
    }

    /** Pooled held-out error of {@code m} under unit weights {@code uw} and item weights {@code iw} (either may be null = 1). */
    private double error(Method m, int[] uw, int[] iw) {
        long e = 0, n = 0;
        for (int i = 0; i < units.size(); i++) {
            int c = uw == null ? 1 : uw[i];
            if (c == 0) continue;
            e += (long) c * weightedErrors(units.get(i), m, iw);
            n += (long) c * weightedCount(units.get(i), iw);
        }
        return n == 0 ? Double.NaN : e / (double) n;
    }

    private double cut(Method m, int[] uw, int[] iw) {
        double ge = error(Method.GE, uw, iw);
        return ge == 0 ? Double.NaN : 1 - error(m, uw, iw) / ge;
    }

    /** Share of units (only those whose gate can open when {@code openOnly}) where {@code m} makes more errors than the GE. */
    private double worseShare(Method m, boolean openOnly, int[] uw, int[] iw) {
        long worse = 0, n = 0;
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            int c = uw == null ? 1 : uw[i];
            if (c == 0 || openOnly && !u.outcome.gateCanOpen()) continue;
            if (weightedErrors(u, m, iw) > weightedErrors(u, Method.GE, iw)) worse += c;
            n += c;
        }
        return n == 0 ? Double.NaN : worse / (double) n;
    }

    private int[] unitWeights(int[] w) {
        return resample == Resample.UNITS ? w : null;
    }

    private int[] itemWeights(int[] w) {
        return resample == Resample.ITEMS ? w : null;
    }

    private int resampledCount() {
        return resample == Resample.UNITS ? units.size() : itemCount;
    }

    /** Pooled held-out error of {@code m}, with its interval. */
    public BenchStats.Interval error(Method m) {
        return BenchStats.bootstrap(resampledCount(), w -> error(m, unitWeights(w), itemWeights(w)));
    }

    /** Relative cut of the held-out error against the GE alone. */
    public BenchStats.Interval errorCut(Method m) {
        return BenchStats.bootstrap(resampledCount(), w -> cut(m, unitWeights(w), itemWeights(w)));
    }

    /** Share of units made worse than by the GE alone ({@code openOnly}: among units whose gate can open). */
    public BenchStats.Interval worseShare(Method m, boolean openOnly) {
        return BenchStats.bootstrap(resampledCount(), w -> worseShare(m, openOnly, unitWeights(w), itemWeights(w)));
    }

    public int worse(Method m, boolean openOnly) {
        return (int) Math.round(worseShare(m, openOnly, null, null) * gateCanOpen(openOnly));
    }

    /** Units counted by {@link #worse}: all, or those whose gate can open. */
    public int gateCanOpen(boolean openOnly) {
        int n = 0;
        for (Unit u : units) if (!openOnly || u.outcome.gateCanOpen()) n++;
        return n;
    }

    /** Generic-test error of {@code m} averaged over the units, in items weighted by {@code w}. */
    private double genericError(Method m, int[] w) {
        int[] wrong = genericWrong[m.ordinal()];
        double e = 0;
        long n = 0;
        for (int g = 0; g < wrong.length; g++) {
            int c = w == null ? 1 : w[g];
            e += c * (double) wrong[g];
            n += c;
        }
        return e / units.size() / n;
    }

    /** Mean generic-test accuracy drop against the GE, in points, resampled over the generic test's items. */
    public BenchStats.Interval genericDropPoints(Method m) {
        return BenchStats.bootstrap(genericWrong[0].length, w -> 100 * (genericError(m, w) - genericError(Method.GE, w)));
    }

    public double meanSeconds(Method m) {
        double s = 0;
        for (Unit u : units) s += u.outcome.seconds(m);
        return s / units.size();
    }

    /**
     * The table: one line per method. {@code accuracy}: print held-out accuracy instead of error
     * (the farm's figure); {@code unitNoun}: "users" or "draws".
     */
    public String table(boolean accuracy, String unitNoun) {
        boolean guarded = gateCanOpen(true) < units.size();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-34s %-22s %-22s %-26s %-26s %-24s %8s%n", "method (" + units.size() + " " + unitNoun + ")",
                accuracy ? "held-out acc. %" : "held-out error %", "error cut %", unitNoun + " worse % (n)",
                guarded ? "gate can open: worse % (n)" : "", "generic drop pts", "s/user"));
        for (Method m : METHODS) {
            BenchStats.Interval e = error(m);
            if (accuracy) e = new BenchStats.Interval(1 - e.value, 1 - e.high, 1 - e.low);
            boolean ge = m == Method.GE;
            b.append(String.format(Locale.ROOT, "%-34s %-22s %-22s %-26s %-26s %-24s %8.3f%n", m.title, e.format(100, 2),
                    ge ? "-" : errorCut(m).format(100, 1),
                    ge ? "-" : worseShare(m, false).format(100, 1) + " (" + worse(m, false) + ")",
                    !guarded ? "" : ge ? "-" : worseShare(m, true).format(100, 1) + " (" + worse(m, true) + "/" + gateCanOpen(true) + ")",
                    ge ? "-" : genericDropPoints(m).format(1, 3), meanSeconds(m)));
        }
        return b.toString();
    }

    /** One line per unit: its key, held-out size, whether its gate can open, and per method errors, generic error % and seconds. */
    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder(keyHeader).append(",held_out,gate_can_open");
            for (Method m : METHODS) h.append(',').append(m.key()).append("_errors,").append(m.key()).append("_generic_error_pct,").append(m.key()).append("_seconds");
            w.write(h.append('\n').toString());
            for (Unit u : units) {
                StringBuilder r = new StringBuilder(u.key).append(',').append(u.outcome.heldWrong(Method.GE).length).append(',').append(u.outcome.gateCanOpen());
                for (Method m : METHODS) {
                    int g = 0;
                    for (boolean x : u.outcome.genericWrong(m)) if (x) g++;
                    r.append(',').append(u.outcome.errors(m)).append(String.format(Locale.ROOT, ",%.3f,%.4f",
                            100.0 * g / u.outcome.genericWrong(m).length, u.outcome.seconds(m)));
                }
                w.write(r.append('\n').toString());
            }
        }
    }
}
