package org.localexpert.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.localexpert.cli.Baselines;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureScore;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;

/**
 * The paper's experiment on real writers (issue 5): every SD-1 writer of MNIST train is a user who
 * teaches the phone the first half of their digits; the mixture is scored on the second half and on
 * the SD-3 t10k digits (generic handwriting), against the benchmark GE alone.
 *
 * <p>Design and evaluation writers ({@link HandwritingSplits#isDesignWriter}: even / odd id) are
 * reported apart: choices are made on design writers, evaluation writers are scored once. Beside
 * the mixture, every {@link Baselines} method runs on the same features ({@link MethodTable}, with
 * bootstrap intervals).
 *
 * <p>GE features of the held-out and generic digits are computed once; each user's mixture is then
 * evaluated through its {@link Mixture#head()} — the same layers the exported graph runs. The
 * per-user time is {@link Personalization#totalSeconds()}: the GE pass over the user's samples plus
 * LE and GN training, on {@code options.threads()} threads.
 */
public final class PersonalizationBench {
    /** One user's line of the table. */
    public static final class UserRow {
        public final int writer;
        public final int personalization;
        public final int heldOut;
        public final int geErrors;
        public final int mixtureErrors;
        public final double gateShare;
        public final double genericAccuracy;
        public final double seconds;
        /** CPU seconds of the personalization (1 thread: all on the calling thread); NaN when unknown. */
        public final double cpuSeconds;
        /** The guard closed the gate for this user: the GE answers everything. */
        public final boolean guardedToGe;

        UserRow(int writer, int personalization, int heldOut, int geErrors, int mixtureErrors, double gateShare,
                double genericAccuracy, double seconds, double cpuSeconds, boolean guardedToGe) {
            this.writer = writer;
            this.personalization = personalization;
            this.heldOut = heldOut;
            this.geErrors = geErrors;
            this.mixtureErrors = mixtureErrors;
            this.gateShare = gateShare;
            this.genericAccuracy = genericAccuracy;
            this.seconds = seconds;
            this.cpuSeconds = cpuSeconds;
            this.guardedToGe = guardedToGe;
        }
    }

    /** All rows and the totals the targets are stated in. */
    public static final class Report {
        public final List<UserRow> rows;
        public final double geGenericAccuracy;
        public final Mixture example;
        /** Every method of {@link Baselines} on these rows' users (null when the bench ran without baselines). */
        public final MethodTable methods;
        /** "all", "design" or "evaluation": which writers these rows are. */
        public final String group;

        Report(List<UserRow> rows, double geGenericAccuracy, Mixture example, MethodTable methods, String group) {
            this.rows = Collections.unmodifiableList(rows);
            this.geGenericAccuracy = geGenericAccuracy;
            this.example = example;
            this.methods = methods;
            this.group = group;
        }

        /** The rows of the design (even id) or evaluation (odd id) writers, with that group's table. */
        public Report group(boolean design, MethodTable table) {
            List<UserRow> r = new ArrayList<>();
            for (UserRow row : rows) if (HandwritingSplits.isDesignWriter(row.writer) == design) r.add(row);
            return new Report(r, geGenericAccuracy, example, table, design ? "design" : "evaluation");
        }

        public int heldOut() { int s = 0; for (UserRow r : rows) s += r.heldOut; return s; }
        public int geErrors() { int s = 0; for (UserRow r : rows) s += r.geErrors; return s; }
        public int mixtureErrors() { int s = 0; for (UserRow r : rows) s += r.mixtureErrors; return s; }

        /** Relative cut of the total held-out error (0.4 = 40 % fewer errors). */
        public double errorCut() {
            return geErrors() == 0 ? 0 : 1 - mixtureErrors() / (double) geErrors();
        }

        public int usersWorse() { int s = 0; for (UserRow r : rows) if (r.mixtureErrors > r.geErrors) s++; return s; }
        /** Users worse among those whose gate can open (the do-no-harm guard did not keep the GE for them). */
        public int usersWorseGateCanOpen() { int s = 0; for (UserRow r : rows) if (!r.guardedToGe && r.mixtureErrors > r.geErrors) s++; return s; }

        public int usersGateCanOpen() { int s = 0; for (UserRow r : rows) if (!r.guardedToGe) s++; return s; }

        public int usersBetter() { int s = 0; for (UserRow r : rows) if (r.mixtureErrors < r.geErrors) s++; return s; }

        public double meanGenericAccuracy() { double s = 0; for (UserRow r : rows) s += r.genericAccuracy; return s / rows.size(); }

        /** Mean generic-test accuracy drop in percentage points (GE − mixture). */
        public double genericDropPoints() { return 100 * (geGenericAccuracy - meanGenericAccuracy()); }

        public double meanGateShare() { double s = 0; for (UserRow r : rows) s += r.gateShare; return s / rows.size(); }

        public double maxSeconds() { double m = 0; for (UserRow r : rows) m = Math.max(m, r.seconds); return m; }

        public double meanSeconds() { double s = 0; for (UserRow r : rows) s += r.seconds; return s / rows.size(); }

        public double maxCpuSeconds() { double m = 0; for (UserRow r : rows) m = Math.max(m, r.cpuSeconds); return m; }

        public double meanCpuSeconds() { double s = 0; for (UserRow r : rows) s += r.cpuSeconds; return s / rows.size(); }

        public int usersGuarded() { int s = 0; for (UserRow r : rows) if (r.guardedToGe) s++; return s; }

        /** The {@code n} users with the most GE errors on their held-out half (ties: lower writer id). */
        public List<UserRow> worstForGe(int n) {
            List<UserRow> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparingDouble((UserRow r) -> -r.geErrors / (double) r.heldOut).thenComparingInt(r -> r.writer));
            return sorted.subList(0, Math.min(n, sorted.size()));
        }

        public String summaryLine() {
            String intervals = methods == null ? "" : String.format(Locale.ROOT,
                    " 95 %% bootstrap intervals: error cut %s %%, users worse %s %%, gate can open: worse %d of %d (%s %%), generic drop %s pts",
                    methods.errorCut(Baselines.Method.MIXTURE).format(100, 1), methods.worseShare(Baselines.Method.MIXTURE, false).format(100, 1),
                    usersWorseGateCanOpen(), usersGateCanOpen(), methods.worseShare(Baselines.Method.MIXTURE, true).format(100, 1),
                    methods.genericDropPoints(Baselines.Method.MIXTURE).format(1, 3));
            return "SUMMARY " + group + " writers " + String.format(Locale.ROOT,
                    "users=%d held-out=%d GE errors=%d (%.2f %%) mixture errors=%d (%.2f %%) error cut=%.1f %% [target >= 40 %%] "
                            + "users worse=%d (%.1f %%) [<= 5 %%] better=%d generic acc GE=%.2f %% mixture mean=%.2f %% drop=%.3f pts [<= 0.1] "
                            + "gate->LE %.1f %% guard->GE only %d users LE+GN time (wall) mean=%.3f s max=%.3f s, (CPU) mean=%.3f s max=%.3f s [<= 2 s] overhead %s",
                    rows.size(), heldOut(), geErrors(), 100.0 * geErrors() / heldOut(), mixtureErrors(), 100.0 * mixtureErrors() / heldOut(),
                    100 * errorCut(), usersWorse(), 100.0 * usersWorse() / rows.size(), usersBetter(), 100 * geGenericAccuracy,
                    100 * meanGenericAccuracy(), genericDropPoints(), 100 * meanGateShare(), usersGuarded(), meanSeconds(), maxSeconds(),
                    meanCpuSeconds(), maxCpuSeconds(),
                    example == null ? "-" : example.costSummary()) + intervals;
        }

        public void writeCsv(Path file) throws IOException {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("writer,personalization_samples,held_out_samples,ge_errors,mixture_errors,ge_error_pct,mixture_error_pct,gate_to_le_pct,generic_accuracy_pct,train_seconds,train_cpu_seconds,guard_ge_only\n");
                for (UserRow r : rows) {
                    w.write(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.3f,%.3f,%.2f,%.3f,%.4f,%.4f,%b%n", r.writer, r.personalization, r.heldOut,
                            r.geErrors, r.mixtureErrors, 100.0 * r.geErrors / r.heldOut, 100.0 * r.mixtureErrors / r.heldOut,
                            100 * r.gateShare, 100 * r.genericAccuracy, r.seconds, r.cpuSeconds, r.guardedToGe));
                }
            }
        }
    }

    private PersonalizationBench() {}

    /**
     * Runs the experiment for the first {@code maxUsers} users (all when ≤ 0) of {@code writers}
     * ("all", "design" or "evaluation", {@link HandwritingSplits#isDesignWriter}), printing one table
     * row per user to {@code out}. {@code cpuClock} gives the calling thread's CPU nanoseconds (null
     * = unknown), to report each personalization's CPU time next to its wall time.
     */
    public static Report run(Dataset mnistTrain, Dataset mnistTest, GlobalExpert ge, Dataset replay,
                             PersonalizationOptions options, String writers, int maxUsers, boolean withBaselines, java.util.function.LongSupplier cpuClock,
                             PrintStream out) {
        List<HandwritingSplits.UserSplit> users = new ArrayList<>();
        for (HandwritingSplits.UserSplit u : HandwritingSplits.users(mnistTrain)) {
            boolean d = HandwritingSplits.isDesignWriter(u.writerId());
            if (writers.equals("all") || writers.equals("design") == d) users.add(u);
        }
        if (maxUsers > 0 && maxUsers < users.size()) users = users.subList(0, maxUsers);
        Dataset generic = HandwritingSplits.genericTest(mnistTest);
        Personalizer personalizer = new Personalizer(Domain.HANDWRITING, ge, replay, options);
        Baselines baselines = new Baselines(personalizer);
        out.printf(Locale.ROOT, "GE features of %,d generic-test digits ...%n", generic.size());
        FeatureSet genericFs = personalizer.features(generic, ge.labels());
        int geGenericErrors = 0;
        for (int i = 0; i < genericFs.size(); i++) if (genericFs.gePrediction(i) != genericFs.label(i)) geGenericErrors++;
        double geGeneric = 1 - geGenericErrors / (double) genericFs.size();
        out.printf(Locale.ROOT, "benchmark GE on the generic test: %.2f %%; personalizing %d users (%s)%n%n", 100 * geGeneric, users.size(), options);
        out.printf(Locale.ROOT, "%6s %4s %5s %5s %8s %8s %7s %8s %7s %7s %s%n", "writer", "grp", "pers", "held", "GE err", "MoE err", "gate>LE", "generic",
                "time s", "CPU s", "routing");
        List<UserRow> rows = new ArrayList<>();
        MethodTable all = new MethodTable("writer,group", MethodTable.Resample.UNITS);
        MethodTable design = new MethodTable("writer,group", MethodTable.Resample.UNITS);
        MethodTable evaluation = new MethodTable("writer,group", MethodTable.Resample.UNITS);
        Mixture example = null;
        for (HandwritingSplits.UserSplit u : users) {
            long cpu0 = cpuClock == null ? 0 : cpuClock.getAsLong();
            Personalizer.UserFeatures uf = personalizer.features(u.personalization());
            Personalization p = personalizer.train(uf);
            double cpu = cpuClock == null ? Double.NaN : (cpuClock.getAsLong() - cpu0) / 1e9;
            Mixture m = p.mixture();
            if (example == null) example = m;
            FeatureSet heldFs = personalizer.features(u.heldOut(), m.labels());
            MixtureScore held = MixtureScore.of(m, heldFs);
            MixtureScore gen = MixtureScore.of(m, genericFs);
            boolean isDesign = HandwritingSplits.isDesignWriter(u.writerId());
            UserRow r = new UserRow(u.writerId(), u.personalization().size(), held.samples, held.geErrors, held.errors,
                    held.gateShare(), gen.accuracy(), p.totalSeconds(), cpu, p.guardedToGe());
            rows.add(r);
            if (withBaselines) {
                Baselines.Outcome o = baselines.run(uf, p, heldFs, genericFs);
                String key = u.writerId() + "," + (isDesign ? "design" : "evaluation");
                all.add(key, null, o);
                (isDesign ? design : evaluation).add(key, null, o);
            }
            out.printf(Locale.ROOT, "%6d %4s %5d %5d %8d %8d %6.0f%% %7.2f%% %7.3f %7.3f %s%n", r.writer, isDesign ? "des" : "eval", r.personalization,
                    r.heldOut, r.geErrors, r.mixtureErrors, 100 * r.gateShare, 100 * r.genericAccuracy, r.seconds, cpu, p.routingChoice());
        }
        Report report = new Report(rows, geGeneric, example, withBaselines ? all : null, "all");
        for (boolean d : new boolean[] {true, false}) {
            Report g = report.group(d, withBaselines ? (d ? design : evaluation) : null);
            if (g.rows.isEmpty()) continue;
            out.println();
            out.printf(Locale.ROOT, "%s writers (%s): %d users%n", g.group, d ? "even writer id; every choice is made on these"
                    : "odd writer id; scored once, not used for any choice", g.rows.size());
            if (g.methods != null) {
                out.println("95 % bootstrap intervals over the writers (generic drop: over the generic digits); time = GE pass over the samples + fitting");
                out.print(g.methods.table(false, "users"));
            }
            out.println("the 10 users on whom the GE does worst (held-out halves, for the record; nothing is chosen by it):");
            int ge10 = 0, mix10 = 0, held10 = 0;
            for (UserRow r : g.worstForGe(10)) {
                out.printf(Locale.ROOT, "  writer %4d: GE %5.1f %% error → mixture %5.1f %%%n", r.writer, 100.0 * r.geErrors / r.heldOut,
                        100.0 * r.mixtureErrors / r.heldOut);
                ge10 += r.geErrors;
                mix10 += r.mixtureErrors;
                held10 += r.heldOut;
            }
            out.printf(Locale.ROOT, "  together: GE %.1f %% → mixture %.1f %% error%n", 100.0 * ge10 / held10, 100.0 * mix10 / held10);
            out.println(g.summaryLine());
        }
        return report;
    }
}
