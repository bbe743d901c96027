package org.localexpert.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.localexpert.cli.BenchmarkGe;
import org.localexpert.cli.DesignOptions;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.moe.CrossValidation;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureScore;
import org.localexpert.core.moe.PersonalizationDesign;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.moe.Routing;
import org.localexpert.core.moe.RoutingGuard;

/**
 * Chooses the mixture's design by measurement without looking at the benchmark's held-out halves:
 * for each candidate, k-fold cross-validation on each user's personalization half (user side) and
 * the accuracy on SD-3 training digits outside the replay sample of a mixture trained on the whole
 * personalization half (generic side — digits the GE trained on, so this side only ranks the
 * candidates by how much they disturb the GE, it is not the generic-test figure).
 */
public final class DesignComparison {
    private DesignComparison() {}

    /** The candidates compared (the first is the default design). */
    public static Map<String, PersonalizationOptions> candidates(PersonalizationOptions base) {
        Map<String, PersonalizationOptions> c = new LinkedHashMap<>();
        DesignOptions b = DesignOptions.from(base);
        c.put("GE-head LE 30 ep + replay, soft", b.leEpochs(30).userGateTarget(1f).routing(Routing.SOFT).build());
        c.put("GE-head LE 30 ep + replay, hard", b.routing(Routing.HARD).build());
        c.put("GE-head LE 10 ep + replay, soft", b.routing(Routing.SOFT).leEpochs(10).build());
        c.put("GE-head LE 10 ep + replay, soft, gate 0.7", b.userGateTarget(0.7f).build());
        c.put("GE-head LE 10 ep + replay + 4 warped copies, soft", DesignOptions.from(base).leEpochs(10).userGateTarget(1f).augmentCopies(4).build());
        c.put("GE-head LE 10 ep + replay + 4 warped copies, soft, gate 0.7", DesignOptions.from(base).leEpochs(10).userGateTarget(0.7f).augmentCopies(4).build());
        c.put("GE-head LE 30 ep + replay + 4 warped copies, soft", DesignOptions.from(base).leEpochs(30).userGateTarget(1f).augmentCopies(4).build());
        c.put("GE-head LE 10 ep + replay + 4 warped copies, hard", DesignOptions.from(base).leEpochs(10).userGateTarget(1f).augmentCopies(4).routing(Routing.HARD).build());
        PersonalizationOptions chosen = DesignOptions.from(base).leEpochs(10).userGateTarget(1f).augmentCopies(4).routing(Routing.HARD).build();
        c.put("chosen (10 ep + replay + 4 copies, hard), ceiling 0.9999", DesignOptions.from(chosen).confidenceCeiling(0.9999f).build());
        c.put("chosen (10 ep + replay + 4 copies, hard), ceiling 0.999", DesignOptions.from(chosen).confidenceCeiling(0.999f).build());
        c.put("chosen (10 ep + replay + 4 copies, hard), ceiling 0.99", DesignOptions.from(chosen).confidenceCeiling(0.99f).build());
        c.put("chosen (10 ep + replay + 4 copies, hard), LE must out-confide GE", DesignOptions.from(chosen).duelMargin(0f).build());
        c.put("10 ep + replay + 4 copies, soft, LE must out-confide GE", DesignOptions.from(chosen).routing(Routing.SOFT).duelMargin(0f).build());
        c.put("chosen, LE must out-confide GE, margin 0.05", DesignOptions.from(chosen).duelMargin(0.05f).build());
        c.put("chosen, LE must out-confide GE, margin 0.2", DesignOptions.from(chosen).duelMargin(0.2f).build());
        for (float m : new float[] {0.05f, 0.2f}) {
            c.put("chosen, keep a perfect GE, margin " + m, DesignOptions.from(chosen).duelMargin(m).guard(RoutingGuard.Rule.KEEP_PERFECT_GE).build());
        }
        c.put("chosen, keep a perfect GE, no margin", DesignOptions.from(chosen).noDuel().guard(RoutingGuard.Rule.KEEP_PERFECT_GE).build());
        // Rounds 3-6 (the "rN" names; what each round tried, why, and what it measured: models/handwriting/README.md,
        // "Session 3: why cross-validation under-estimated the harm"). Their "default" is the recipe those rounds
        // started from: 4 copies at the GE recipe's warps.
        PersonalizationOptions def = DesignOptions.defaults().seed(base.seed()).threads(base.threads())
                .augmentCopies(4).warpStrength(1f).build();
        c.put("r3a: default (margin 0.2, keep a perfect GE)", def);
        c.put("r3a: default, 8 copies", DesignOptions.from(def).augmentCopies(8).build());
        c.put("r3a: default, anchor 0.05", DesignOptions.from(def).anchor(0.05f).build());
        c.put("r3a: default, gate target 0.9", DesignOptions.from(def).userGateTarget(0.9f).build());
        c.put("r3b: default, anchor 0.2", DesignOptions.from(def).anchor(0.2f).build());
        c.put("r3b: default, 8 copies, anchor 0.05", DesignOptions.from(def).augmentCopies(8).anchor(0.05f).build());
        c.put("r3b: default, replay weight 1", DesignOptions.from(def).replayWeight(1f).build());
        c.put("r3c: default, keep a GE misreading <= 2.5 %", DesignOptions.from(def).keepGeTolerance(0.025f).build());
        c.put("r3c: no margin, keep a GE misreading <= 2.5 %", DesignOptions.from(def).noDuel().keepGeTolerance(0.025f).build());
        c.put("r4a: default, ceiling 0.9999", DesignOptions.from(def).confidenceCeiling(0.9999f).build());
        c.put("r4a: default, ceiling 0.999", DesignOptions.from(def).confidenceCeiling(0.999f).build());
        c.put("r4b: default, ceiling 0.99", DesignOptions.from(def).confidenceCeiling(0.99f).build());
        c.put("r4b: no margin, ceiling 0.999", DesignOptions.from(def).noDuel().confidenceCeiling(0.999f).build());
        c.put("r5: no margin, keep a GE misreading <= 2.5 %", DesignOptions.from(def).noDuel().keepGeTolerance(0.025f).build());
        c.put("r5: default, keep a GE misreading <= 2.5 %", DesignOptions.from(def).keepGeTolerance(0.025f).build());
        c.put("r6a: default, warps x1.5", DesignOptions.from(def).warpStrength(1.5f).build());
        c.put("r6b: default, 8 copies, warps x1.5", DesignOptions.from(def).augmentCopies(8).warpStrength(1.5f).build());
        c.put("GE-head LE 30 ep, no replay, soft", DesignOptions.from(base).leEpochs(30).userGateTarget(1f).replayWeight(0).build());
        c.put("GE-head LE 30 ep, no replay + 4 warped copies, soft", DesignOptions.from(base).leEpochs(30).userGateTarget(1f).replayWeight(0).augmentCopies(4).build());
        c.put("GE-head LE 10 ep, no replay + 4 warped copies, soft", DesignOptions.from(base).leEpochs(10).userGateTarget(1f).replayWeight(0).augmentCopies(4).build());
        c.put("GE-head LE 60 ep, no replay, no anchor, soft", DesignOptions.from(base).leEpochs(60).userGateTarget(1f).replayWeight(0).anchor(0).build());
        c.put("fresh LE (paper), user only, soft", DesignOptions.from(base).leInit(PersonalizationDesign.LeInit.FRESH).replayWeight(0)
                .leEpochs(60).userGateTarget(1f).build());
        c.put("fresh LE (paper), user only, hard", DesignOptions.from(base).leInit(PersonalizationDesign.LeInit.FRESH).replayWeight(0)
                .leEpochs(60).userGateTarget(1f).routing(Routing.HARD).build());
        return c;
    }

    /** The SD-3 training digits outside the replay sample (1,000, seeded): the generic side. */
    static Dataset genericValidation(Dataset mnistTrain, Dataset replay) {
        Dataset geTraining = HandwritingSplits.benchmarkGeTraining(mnistTrain);
        Set<Example> inReplay = new HashSet<>(replay.examples());
        Dataset rest = geTraining.filter(e -> !inReplay.contains(e));
        return rest.subset(java.util.Arrays.copyOf(rest.shuffledIndices(77), 1000));
    }

    /**
     * Scores every candidate on the first {@code maxUsers} writers (0 = all) by {@code folds}-fold cross-validation on
     * their personalization halves: stratified random folds, or with {@code contiguousFolds} contiguous blocks of
     * each writer's digit order ({@link CrossValidation#contiguousFoldOf}: later digits predicted from earlier ones, as
     * on the phone).
     */
    public static void run(Dataset mnistTrain, GlobalExpert ge, Dataset replay, Map<String, PersonalizationOptions> candidates,
                           int maxUsers, int folds, boolean contiguousFolds, PrintStream out) {
        List<HandwritingSplits.UserSplit> users = HandwritingSplits.users(mnistTrain);
        if (maxUsers > 0 && maxUsers < users.size()) users = users.subList(0, maxUsers);
        Dataset genericVal = genericValidation(mnistTrain, replay);

        Personalizer any = new Personalizer(Domain.HANDWRITING, ge, replay, candidates.values().iterator().next());
        List<Dataset> userData = new ArrayList<>();
        for (HandwritingSplits.UserSplit u : users) userData.add(u.personalization());
        FeatureSet genFs = any.features(genericVal, ge.labels());
        int genGeErrors = 0;
        for (int i = 0; i < genFs.size(); i++) if (genFs.gePrediction(i) != genFs.label(i)) genGeErrors++;
        out.printf(Locale.ROOT, "%d users, %d-fold CV (%s folds) on their personalization halves; generic side: %d SD-3 train digits outside the replay sample (GE %.2f %%)%n",
                users.size(), folds, contiguousFolds ? "contiguous" : "stratified random", genFs.size(), 100 - 100.0 * genGeErrors / genFs.size());
        out.printf(Locale.ROOT, "%-44s %9s %9s %8s %8s %9s %8s%n", "design", "GE err %", "MoE err %", "cut %", "worse", "generic %", "s/user");
        for (Map.Entry<String, PersonalizationOptions> c : candidates.entrySet()) {
            Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, c.getValue());
            int ge0 = 0, mix = 0, n = 0, worse = 0;
            double generic = 0, seconds = 0;
            for (Dataset d : userData) {
                Personalizer.UserFeatures uf = p.userFeatures(d, ge.labels());
                CrossValidation cv = contiguousFolds
                        ? CrossValidation.run(p, uf, CrossValidation.contiguousFoldOf(uf.samples(), folds), folds)
                        : CrossValidation.run(p, uf, folds, c.getValue().seed());
                ge0 += cv.geErrors;
                mix += cv.mixtureErrors;
                n += cv.samples;
                if (cv.mixtureErrors > cv.geErrors) worse++;
                long t0 = System.nanoTime();
                Mixture m = p.train(uf).mixture();
                seconds += (System.nanoTime() - t0) / 1e9;
                generic += MixtureScore.of(m, genFs).accuracy();
            }
            out.printf(Locale.ROOT, "%-44s %9.2f %9.2f %8.1f %8d %9.3f %8.3f%n", c.getKey(), 100.0 * ge0 / n, 100.0 * mix / n,
                    100 - 100.0 * mix / Math.max(1, ge0), worse, 100 * generic / userData.size(), seconds / userData.size());
        }
    }

    /** The guard rules compared, each with the rung it starts from (first: no guard at the default margin). */
    public static Map<String, Object[]> guardCandidates() {
        Map<String, Object[]> c = new LinkedHashMap<>();
        c.put("no guard, margin 0.05 (the default so far)", new Object[] {RoutingGuard.Rule.NONE, 0.05f});
        c.put("no guard, margin 0.2", new Object[] {RoutingGuard.Rule.NONE, 0.2f});
        c.put("no guard, no margin", new Object[] {RoutingGuard.Rule.NONE, Float.NaN});
        c.put("no-harm guard, margin 0.05", new Object[] {RoutingGuard.Rule.NO_HARM, 0.05f});
        c.put("no-harm guard, margin 0.2", new Object[] {RoutingGuard.Rule.NO_HARM, 0.2f});
        c.put("no-harm guard, no margin", new Object[] {RoutingGuard.Rule.NO_HARM, Float.NaN});
        c.put("must-beat guard, margin 0.05", new Object[] {RoutingGuard.Rule.MUST_BEAT, 0.05f});
        c.put("must-beat guard, margin 0.2", new Object[] {RoutingGuard.Rule.MUST_BEAT, 0.2f});
        c.put("step-down guard from margin 0.05", new Object[] {RoutingGuard.Rule.STEP_DOWN, 0.05f});
        c.put("step-down guard from margin 0.2", new Object[] {RoutingGuard.Rule.STEP_DOWN, 0.2f});
        c.put("step-down guard from no margin", new Object[] {RoutingGuard.Rule.STEP_DOWN, Float.NaN});
        c.put("per-user rung with fewest CV errors", new Object[] {RoutingGuard.Rule.FEWEST_ERRORS, 0.05f});
        return c;
    }

    /**
     * Compares guard rules by NESTED cross-validation on the personalization halves: each outer
     * fold's mixture is trained on the other folds, and its guard decides from an inner
     * cross-validation of those folds only — exactly what the phone would do with that many
     * samples. All rules share the LE/GN trainings (a rule only picks a rung of the ladder), so one
     * pass scores them all: per user {@code folds} × ({@code folds} + 1) trainings, plus
     * {@code folds} + 1 for the generic side (a mixture on the whole half, its guard on the whole half).
     */
    public static void compareGuards(Dataset mnistTrain, GlobalExpert ge, Dataset replay, PersonalizationOptions base,
                                     Map<String, Object[]> rules, int fromUser, int toUser, int folds, PrintStream out) {
        List<HandwritingSplits.UserSplit> users = HandwritingSplits.users(mnistTrain);
        users = users.subList(Math.min(fromUser, users.size()), toUser > 0 ? Math.min(toUser, users.size()) : users.size());
        Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, base);
        List<String> labels = ge.labels();
        FeatureSet genFs = p.features(genericValidation(mnistTrain, replay), labels);
        int genGeErrors = 0;
        for (int i = 0; i < genFs.size(); i++) if (genFs.gePrediction(i) != genFs.label(i)) genGeErrors++;
        int nr = rules.size(), rungs = RoutingGuard.LADDER.size();
        RoutingGuard.Rule[] rule = new RoutingGuard.Rule[nr];
        int[] start = new int[nr];
        int j = 0;
        for (Object[] r : rules.values()) {
            rule[j] = (RoutingGuard.Rule) r[0];
            start[j++] = RoutingGuard.rungOf((Float) r[1]);
        }
        int geTotal = 0, samples = 0;
        int[] mixTotal = new int[nr], worse = new int[nr], guarded = new int[nr];
        double[] generic = new double[nr];
        long t0 = System.nanoTime();
        int done = 0;
        for (HandwritingSplits.UserSplit u : users) {
            Personalizer.UserFeatures uf = p.userFeatures(u.personalization(), labels);
            int[] fold = CrossValidation.foldOf(uf.originals(), labels.size(), folds, base.seed());
            int userGe = 0;
            int[] userMix = new int[nr];
            for (int f = 0; f < folds; f++) {
                List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
                for (int i = 0; i < fold.length; i++) (fold[i] == f ? test : train).add(i);
                if (test.isEmpty() || train.isEmpty()) continue;
                Personalizer.UserFeatures outerTrain = uf.subset(CrossValidation.toArray(train));
                RoutingGuard.Evidence inner = RoutingGuard.collect(p, outerTrain, base.design().guardFolds(), base.seed());
                Personalizer.Experts experts = p.trainExperts(outerTrain.rows(), labels.size());
                FeatureSet held = uf.originals().subset(CrossValidation.toArray(test), null);
                int[] rungErrors = new int[rungs];
                for (int r = 0; r < rungs; r++) {
                    MixtureScore s = MixtureScore.of(p.assemble(experts, labels, RoutingGuard.LADDER.get(r)), held);
                    rungErrors[r] = s.errors;
                    if (r == 0) userGe += s.geErrors;
                }
                for (int k = 0; k < nr; k++) userMix[k] += rungErrors[RoutingGuard.choose(rule[k], inner, start[k])];
            }
            // Generic side: the mixture on the whole half, routed as its guard on the whole half says.
            RoutingGuard.Evidence whole = RoutingGuard.collect(p, uf, base.design().guardFolds(), base.seed());
            Personalizer.Experts experts = p.trainExperts(uf.rows(), labels.size());
            double[] rungGeneric = new double[rungs];
            for (int r = 0; r < rungs; r++) rungGeneric[r] = MixtureScore.of(p.assemble(experts, labels, RoutingGuard.LADDER.get(r)), genFs).accuracy();
            for (int k = 0; k < nr; k++) {
                int chosen = RoutingGuard.choose(rule[k], whole, start[k]);
                generic[k] += rungGeneric[chosen];
                if (chosen != start[k]) guarded[k]++;
                mixTotal[k] += userMix[k];
                if (userMix[k] > userGe) worse[k]++;
            }
            geTotal += userGe;
            samples += uf.samples();
            if (++done % 25 == 0) {
                out.printf(Locale.ROOT, "  %d/%d users, %.0f s%n", done, users.size(), (System.nanoTime() - t0) / 1e9);
            }
        }
        out.printf(Locale.ROOT, "%d users, nested %d-fold CV on their personalization halves (inner %d-fold guard); generic side: %d SD-3 train digits outside the replay sample (GE %.2f %%)%n",
                users.size(), folds, base.design().guardFolds(), genFs.size(), 100 - 100.0 * genGeErrors / genFs.size());
        out.printf(Locale.ROOT, "%-44s %9s %9s %8s %8s %9s %8s%n", "rule", "GE err %", "MoE err %", "cut %", "worse", "generic %", "changed");
        j = 0;
        for (String name : rules.keySet()) {
            out.printf(Locale.ROOT, "%-44s %9.2f %9.2f %8.1f %8d %9.3f %8d%n", name, 100.0 * geTotal / samples, 100.0 * mixTotal[j] / samples,
                    100 - 100.0 * mixTotal[j] / Math.max(1, geTotal), worse[j], 100 * generic[j] / users.size(), guarded[j]);
            j++;
        }
        j = 0; // raw sums, so runs over disjoint user ranges can be added up
        for (String name : rules.keySet()) {
            out.printf(Locale.ROOT, "RAW|%s|users %d|samples %d|ge %d|mixture %d|worse %d|generic-sum %.6f|changed %d%n", name, users.size(),
                    samples, geTotal, mixTotal[j], worse[j], generic[j], guarded[j]);
            j++;
        }
        out.printf(Locale.ROOT, "(%.0f s; 'changed' = users whose guard on the whole half picked another rung than the start)%n",
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * {@code DesignComparison DATA_ROOT BENCHMARK_GE_FILE [USERS (0 = all) | FROM-TO] [FOLDS] [NAME-FILTER | --guards] [--contiguous-folds]}.
     * BENCHMARK_GE_FILE: the .tflite ({@link BenchmarkGe#readTflite}) or a checkpoint.
     */
    public static void main(String[] argv) throws Exception {
        List<String> list = new ArrayList<>(java.util.Arrays.asList(argv));
        boolean contiguousFolds = list.remove("--contiguous-folds");
        String[] args = list.toArray(new String[0]);
        java.io.File root = new java.io.File(args[0]);
        Dataset train = org.localexpert.core.data.Mnist.load(root, org.localexpert.core.data.Mnist.Part.TRAIN);
        java.nio.file.Path geFile = java.nio.file.Paths.get(args[1]);
        GlobalExpert ge = GlobalExpert.of(geFile.toString().endsWith(".tflite") ? BenchmarkGe.readTflite(geFile)
                : BenchmarkGe.withSoftmax(BenchmarkGeTraining.load(geFile)), org.localexpert.core.data.Mnist.LABELS);
        Dataset replay = ReplaySample.select(HandwritingSplits.benchmarkGeTraining(train), ReplaySample.DEFAULT_PER_CLASS, ReplaySample.DEFAULT_SEED);
        String range = args.length > 2 ? args[2] : "0";
        int from = range.contains("-") ? Integer.parseInt(range.substring(0, range.indexOf('-'))) : 0;
        int users = Integer.parseInt(range.substring(range.indexOf('-') + 1));
        int folds = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        if (args.length > 4 && args[4].equals("--guards")) {
            compareGuards(train, ge, replay, DesignOptions.defaults().minPerClass(1).augmentCopies(4).warpStrength(1f).build(),
                    guardCandidates(), from, users, folds, System.out);
            return;
        }
        // Rounds 1-2 started from the recipe of their time (4 copies, the GE recipe's warps).
        Map<String, PersonalizationOptions> all = candidates(DesignOptions.defaults().augmentCopies(4).warpStrength(1f).build());
        if (args.length > 4) { // only the candidates whose names contain this text
            all.keySet().removeIf(k -> !k.contains(args[4]));
        }
        run(train, ge, replay, all, users, folds, contiguousFolds, System.out);
    }
}
