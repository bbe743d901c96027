package org.localexpert.core.moe;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;

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
        PersonalizationOptions.Builder b = base.toBuilder();
        c.put("GE-head LE 30 ep + replay, soft", b.leEpochs(30).userGateTarget(1f).routing(Routing.SOFT).build());
        c.put("GE-head LE 30 ep + replay, hard", b.routing(Routing.HARD).build());
        c.put("GE-head LE 10 ep + replay, soft", b.routing(Routing.SOFT).leEpochs(10).build());
        c.put("GE-head LE 10 ep + replay, soft, gate 0.7", b.userGateTarget(0.7f).build());
        c.put("GE-head LE 10 ep + replay + 4 warped copies, soft", base.toBuilder().leEpochs(10).userGateTarget(1f).augmentCopies(4).build());
        c.put("GE-head LE 10 ep + replay + 4 warped copies, soft, gate 0.7", base.toBuilder().leEpochs(10).userGateTarget(0.7f).augmentCopies(4).build());
        c.put("GE-head LE 30 ep + replay + 4 warped copies, soft", base.toBuilder().leEpochs(30).userGateTarget(1f).augmentCopies(4).build());
        c.put("GE-head LE 10 ep + replay + 4 warped copies, hard", base.toBuilder().leEpochs(10).userGateTarget(1f).augmentCopies(4).routing(Routing.HARD).build());
        PersonalizationOptions chosen = base.toBuilder().leEpochs(10).userGateTarget(1f).augmentCopies(4).routing(Routing.HARD).build();
        c.put("chosen (10 ep + replay + 4 copies, hard), ceiling 0.9999", chosen.toBuilder().confidenceCeiling(0.9999f).build());
        c.put("chosen (10 ep + replay + 4 copies, hard), ceiling 0.999", chosen.toBuilder().confidenceCeiling(0.999f).build());
        c.put("chosen (10 ep + replay + 4 copies, hard), ceiling 0.99", chosen.toBuilder().confidenceCeiling(0.99f).build());
        c.put("chosen (10 ep + replay + 4 copies, hard), LE must out-confide GE", chosen.toBuilder().duelMargin(0f).build());
        c.put("10 ep + replay + 4 copies, soft, LE must out-confide GE", chosen.toBuilder().routing(Routing.SOFT).duelMargin(0f).build());
        c.put("chosen, LE must out-confide GE, margin 0.05", chosen.toBuilder().duelMargin(0.05f).build());
        c.put("chosen, LE must out-confide GE, margin 0.2", chosen.toBuilder().duelMargin(0.2f).build());
        c.put("GE-head LE 30 ep, no replay, soft", base.toBuilder().leEpochs(30).userGateTarget(1f).replayWeight(0).build());
        c.put("GE-head LE 30 ep, no replay + 4 warped copies, soft", base.toBuilder().leEpochs(30).userGateTarget(1f).replayWeight(0).augmentCopies(4).build());
        c.put("GE-head LE 10 ep, no replay + 4 warped copies, soft", base.toBuilder().leEpochs(10).userGateTarget(1f).replayWeight(0).augmentCopies(4).build());
        c.put("GE-head LE 60 ep, no replay, no anchor, soft", base.toBuilder().leEpochs(60).userGateTarget(1f).replayWeight(0).anchor(0).build());
        c.put("fresh LE (paper), user only, soft", base.toBuilder().leInit(PersonalizationOptions.LeInit.FRESH).replayWeight(0)
                .leEpochs(60).userGateTarget(1f).build());
        c.put("fresh LE (paper), user only, hard", base.toBuilder().leInit(PersonalizationOptions.LeInit.FRESH).replayWeight(0)
                .leEpochs(60).userGateTarget(1f).routing(Routing.HARD).build());
        return c;
    }

    public static void run(Dataset mnistTrain, GlobalExpert ge, Dataset replay, Map<String, PersonalizationOptions> candidates,
                           int maxUsers, int folds, PrintStream out) {
        List<HandwritingSplits.UserSplit> users = HandwritingSplits.users(mnistTrain);
        if (maxUsers > 0 && maxUsers < users.size()) users = users.subList(0, maxUsers);
        Dataset geTraining = HandwritingSplits.benchmarkGeTraining(mnistTrain);
        Set<Example> inReplay = new HashSet<>(replay.examples());
        Dataset rest = geTraining.filter(e -> !inReplay.contains(e));
        Dataset genericVal = rest.subset(java.util.Arrays.copyOf(rest.shuffledIndices(77), 1000));

        Personalizer any = new Personalizer(ge, replay, candidates.values().iterator().next());
        List<Dataset> userData = new ArrayList<>();
        for (HandwritingSplits.UserSplit u : users) userData.add(u.personalization());
        FeatureSet genFs = any.features(genericVal, ge.labels());
        int genGeErrors = 0;
        for (int i = 0; i < genFs.size(); i++) if (genFs.gePrediction(i) != genFs.label(i)) genGeErrors++;
        out.printf(Locale.ROOT, "%d users, %d-fold CV on their personalization halves; generic side: %d SD-3 train digits outside the replay sample (GE %.2f %%)%n",
                users.size(), folds, genFs.size(), 100 - 100.0 * genGeErrors / genFs.size());
        out.printf(Locale.ROOT, "%-44s %9s %9s %8s %8s %9s %8s%n", "design", "GE err %", "MoE err %", "cut %", "worse", "generic %", "s/user");
        for (Map.Entry<String, PersonalizationOptions> c : candidates.entrySet()) {
            Personalizer p = new Personalizer(ge, replay, c.getValue());
            int ge0 = 0, mix = 0, n = 0, worse = 0;
            double generic = 0, seconds = 0;
            for (Dataset d : userData) {
                Personalizer.UserFeatures uf = p.userFeatures(d, ge.labels());
                CrossValidation cv = CrossValidation.run(p, uf, ge.labels(), folds, c.getValue().seed());
                ge0 += cv.geErrors;
                mix += cv.mixtureErrors;
                n += cv.samples;
                if (cv.mixtureErrors > cv.geErrors) worse++;
                long t0 = System.nanoTime();
                Mixture m = p.train(uf.all(), ge.labels(), 0).mixture();
                seconds += (System.nanoTime() - t0) / 1e9;
                generic += MixtureScore.of(m, genFs).accuracy();
            }
            out.printf(Locale.ROOT, "%-44s %9.2f %9.2f %8.1f %8d %9.3f %8.3f%n", c.getKey(), 100.0 * ge0 / n, 100.0 * mix / n,
                    100 - 100.0 * mix / Math.max(1, ge0), worse, 100 * generic / userData.size(), seconds / userData.size());
        }
    }

    /** {@code DesignComparison DATA_ROOT BENCHMARK_GE_FILE [USERS (0 = all)] [FOLDS] [NAME-FILTER]}. */
    public static void main(String[] args) throws Exception {
        java.io.File root = new java.io.File(args[0]);
        Dataset train = org.localexpert.core.data.Mnist.load(root, org.localexpert.core.data.Mnist.Part.TRAIN);
        GlobalExpert ge = GlobalExpert.of(BenchmarkGe.withSoftmax(BenchmarkGe.load(java.nio.file.Paths.get(args[1]))),
                org.localexpert.core.data.Mnist.LABELS);
        Dataset replay = ReplaySample.select(HandwritingSplits.benchmarkGeTraining(train), ReplaySample.DEFAULT_PER_CLASS, ReplaySample.DEFAULT_SEED);
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int folds = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Map<String, PersonalizationOptions> all = candidates(PersonalizationOptions.builder().build());
        if (args.length > 4) { // only the candidates whose names contain this text
            all.keySet().removeIf(k -> !k.contains(args[4]));
        }
        run(train, ge, replay, all, users, folds, System.out);
    }
}
