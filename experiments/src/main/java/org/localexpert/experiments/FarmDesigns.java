package org.localexpert.experiments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.cli.DesignOptions;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.moe.CrossValidation;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureScore;
import org.localexpert.core.moe.PersonalizationDesign;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.Routing;
import org.localexpert.host.ImageIoDecoder;

/**
 * Chooses the farm LE/GN design by cross-validation on the personalization photos only — the
 * farm's held-out photos and the Daphal test split are never looked at.
 *
 * <p>Protocol: for each of the 5 seeded draws of k photos per class, the k·3 photos are cut into
 * {@value #FOLDS} stratified folds; each fold is predicted by the GE and by a mixture trained on
 * the other folds (with their augmented copies). "Generic" is the mean accuracy of those mixtures
 * on the Daphal <b>validation</b> split. Rule fixed before looking: the highest farm accuracy among
 * the designs whose generic drop is at most 1 point (the budget); ties go to the smaller
 * generic drop, then to the simpler graph.
 *
 * <p>It chose the plant domain's defaults ({@code Domain.PLANT.defaults()}): every design lifts the farm
 * by about as much, so what decides is the generic cost — photos of other fields the gate hands to the
 * LE — which a heavier replay weight and a gate target below 1 cut. What each candidate measured is in
 * models/plant/README.md, "How the design was chosen".
 */
public final class FarmDesigns {
    public static final int FOLDS = 5;

    /** A named candidate: LE/GN options ({@code augmentCopies} = photo copies). */
    public static final class Candidate {
        public final String name;
        public final PersonalizationOptions options;

        public Candidate(String name, PersonalizationOptions options) {
            this.name = name;
            this.options = options;
        }
    }

    /** The candidates compared, all built from {@code base} (the chosen defaults). */
    public static List<Candidate> candidates(PersonalizationOptions base) {
        List<Candidate> c = new ArrayList<>();
        c.add(new Candidate("chosen: GE-head LE, replay weight 2, 8 copies, gate target 0.9", base));
        c.add(new Candidate("handwriting's design (replay weight 0.5, gate target 1)", DesignOptions.from(base).replayWeight(0.5f).userGateTarget(1f).build()));
        c.add(new Candidate("gate target 1", DesignOptions.from(base).userGateTarget(1f).build()));
        c.add(new Candidate("gate target 0.8", DesignOptions.from(base).userGateTarget(0.8f).build()));
        c.add(new Candidate("replay weight 0.5", DesignOptions.from(base).replayWeight(0.5f).build()));
        c.add(new Candidate("replay weight 4", DesignOptions.from(base).replayWeight(4).build()));
        c.add(new Candidate("no copies", DesignOptions.from(base).augmentCopies(0).build()));
        c.add(new Candidate("4 copies", DesignOptions.from(base).augmentCopies(4).build()));
        c.add(new Candidate("16 copies", DesignOptions.from(base).augmentCopies(16).build()));
        c.add(new Candidate("LE 30 epochs", DesignOptions.from(base).leEpochs(30).build()));
        c.add(new Candidate("no anchor", DesignOptions.from(base).anchor(0).build()));
        c.add(new Candidate("fresh LE (the paper's), 30 epochs", DesignOptions.from(base).leInit(PersonalizationDesign.LeInit.FRESH).leEpochs(30).build()));
        c.add(new Candidate("soft routing", DesignOptions.from(base).routing(Routing.SOFT).build()));
        c.add(new Candidate("no duel condition", DesignOptions.from(base).noDuel().build()));
        c.add(new Candidate("duel margin 0", DesignOptions.from(base).duelMargin(0f).build()));
        c.add(new Candidate("GE-confidence ceiling 0.9", DesignOptions.from(base).confidenceCeiling(0.9f).build()));
        return c;
    }

    /** One candidate's cross-validated result, summed over draws. */
    public static final class Result {
        public final Candidate candidate;
        public int samples, geCorrect, mixtureCorrect, routedToLe;
        double genericSum;
        int genericCount;

        Result(Candidate c) {
            this.candidate = c;
        }

        public double geAccuracy() { return geCorrect / (double) samples; }
        public double mixtureAccuracy() { return mixtureCorrect / (double) samples; }
        public double genericAccuracy() { return genericSum / genericCount; }
        public double gateShare() { return routedToLe / (double) samples; }
    }

    private FarmDesigns() {}

    /**
     * Runs the comparison at {@code k} photos per class over {@code draws} draws and prints the table.
     *
     * @param validation the Daphal validation split in the GE's labels
     */
    public static List<Result> run(GlobalExpert ge, Dataset replay, Dataset farm, Dataset validation, List<Candidate> candidates,
                                   int k, int draws, PrintStream out) {
        List<String> union = ge.labels();
        Personalizer probe = new Personalizer(Domain.PLANT, ge, replay, candidates.get(0).options);
        FeatureSet validationFs = probe.features(validation, union);
        int geValCorrect = 0;
        for (int i = 0; i < validationFs.size(); i++) if (validationFs.gePrediction(i) == validationFs.label(i)) geValCorrect++;
        double geVal = geValCorrect / (double) validationFs.size();
        out.printf(Locale.ROOT, "design comparison: %d-fold cross-validation on the personalization photos of %d draws at k=%d; generic = Daphal validation (GE %.2f %%)%n",
                FOLDS, draws, k, 100 * geVal);
        // Features of a draw's photos and copies depend only on the copy count and seed: share them between candidates.
        Map<String, Personalizer.UserFeatures> cache = new HashMap<>();
        List<Result> results = new ArrayList<>();
        for (Candidate c : candidates) {
            Personalizer fp = new Personalizer(Domain.PLANT, ge, replay, c.options);
            Result r = new Result(c);
            long t0 = System.nanoTime();
            for (int d = 0; d < draws; d++) {
                Dataset photos = PlantSplits.farmDraw(farm, k, d, new ImageIoDecoder()).personalization();
                String key = d + "/" + c.options.augmentCopies() + "/" + c.options.seed();
                Personalizer.UserFeatures uf = cache.get(key);
                if (uf == null) cache.put(key, uf = fp.userFeatures(photos, union));
                int[] fold = CrossValidation.foldOf(uf.originals(), union.size(), FOLDS, c.options.seed() + d);
                for (int f = 0; f < FOLDS; f++) {
                    List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
                    for (int i = 0; i < fold.length; i++) (fold[i] == f ? test : train).add(i);
                    Mixture m = fp.train(uf.subset(CrossValidation.toArray(train))).mixture();
                    MixtureScore s = MixtureScore.of(m, uf.originals().subset(CrossValidation.toArray(test), null));
                    r.samples += s.samples;
                    r.geCorrect += s.samples - s.geErrors;
                    r.mixtureCorrect += s.samples - s.errors;
                    r.routedToLe += s.routedToLe;
                    r.genericSum += MixtureScore.of(m, validationFs).accuracy();
                    r.genericCount++;
                }
            }
            results.add(r);
            out.printf(Locale.ROOT, "  %-62s farm GE %5.1f %% → mixture %5.1f %%  generic %6.2f %% (drop %5.2f)  gate→LE %3.0f %%  %.0f s%n", c.name,
                    100 * r.geAccuracy(), 100 * r.mixtureAccuracy(), 100 * r.genericAccuracy(), 100 * (geVal - r.genericAccuracy()),
                    100 * r.gateShare(), (System.nanoTime() - t0) / 1e9);
        }
        return results;
    }
}
