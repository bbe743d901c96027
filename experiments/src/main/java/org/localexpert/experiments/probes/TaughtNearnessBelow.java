package org.localexpert.experiments.probes;

import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.experiments.GeWithRule;
import org.localexpert.experiments.MixtureRows;

/**
 * After personalization the familiarity check on {@code dense1} takes a writer's new symbols for unknown drawings
 * (handwriting card). Would a second way to be familiar help — near one of the user's taught drawings in the 800
 * {@code flatten} features, where new symbols stay apart — with its cut from the taught drawings alone (the class-balanced
 * share of their leave-one-out nearness to each other)? Shipped mixture and rule otherwise (personal confidence cut,
 * {@code dense1} familiarity with replay + taught). Design alphabets as users, as {@link NewSymbolFamiliarity}; also
 * the user's held-out digits (the next 100 per class of the writers whose 20 per class are taught). Args: DATA_DIR GE.tflite.
 */
public final class TaughtNearnessBelow {
    private static final double[] SHARES = {0.0, 0.05, 0.10, 0.20};

    private TaughtNearnessBelow() {
    }

    public static void main(String[] args) throws Exception {
        File data = new File(args[0]), omni = new File(data, "omniglot");
        GeWithRule g = GeWithRule.read(Paths.get(args[1]), Domain.HANDWRITING);
        GlobalExpert ge = g.ge, below = ge.readingFeaturesAt("flatten");
        AbstentionRule geRule = g.rule;
        Dataset t10k = Mnist.load(data, Mnist.Part.TEST);
        List<Example> digits = new ArrayList<>(), heldDigits = new ArrayList<>();
        int[] seen = new int[10];
        for (Example e : t10k.examples()) {
            if (HandwritingSplits.isDesignWriter(e.writerId())) continue;
            int c = seen[e.label()]++;
            if (c < 20) digits.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
            else if (c < 120) heldDigits.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
        }
        int rules = 1 + SHARES.length;
        int[][] count = new int[rules][3]; // new symbols answered, own digits flagged, unknowns flagged
        int[] n = new int[3];
        for (String alphabet : OmniglotStrokes.DESIGN_ALPHABETS) {
            DesignUser user = new DesignUser(omni, alphabet, digits);
            List<String> labels = user.labels;
            Dataset taughtSet = user.taught;
            Personalizer p = new Personalizer(Domain.HANDWRITING, ge, g.replay, Domain.HANDWRITING.defaults().seed(1).threads(1).build());
            Personalizer.UserFeatures uf = p.features(taughtSet);
            Personalization trained = p.train(uf);
            ConfidenceThreshold cut = p.unsureCut(trained, geRule.threshold());
            AbstentionRule confidence = Domain.HANDWRITING.abstentionRule(cut);
            Familiarity shipped = geRule.familiarity().withBankRows(uf.originals().features(), "taught");
            FeatureSet taughtBelow = below.features(taughtSet, 1);
            float[] loo = NewSymbolFamiliarity.leaveOneOutNearness(null, taughtBelow);
            float[] cuts = new float[SHARES.length];
            for (int k = 0; k < cuts.length; k++) cuts[k] = NewSymbolFamiliarity.classBalancedQuantile(loo, taughtBelow.labels(), SHARES[k]);
            Familiarity nearTaught = new Familiarity(0f, "the taught drawings at flatten", taughtBelow.features(), below.featureSize());
            System.out.printf(Locale.ROOT, "%s: personal confidence cut %.4f; flatten cuts at shares %s: %s%n", alphabet, cut.value(),
                    Arrays.toString(SHARES), Arrays.toString(cuts));
            Dataset[] sets = {user.heldOut, user.set(heldDigits), user.unknown};
            for (int s = 0; s < sets.length; s++) {
                FeatureSet fs = p.features(sets[s], labels);
                float[] flat = below.features(sets[s], 1).features();
                int f = below.featureSize(), set = s;
                n[s] += fs.size();
                MixtureRows.forEach(trained.mixture(), fs, (i, pr, fe, gate, label) -> {
                    float near = nearTaught.similarity(Arrays.copyOfRange(flat, i * f, (i + 1) * f));
                    boolean low = confidence.decide(pr).unsure(), familiar = shipped.similarity(fe) >= shipped.threshold();
                    for (int r = 0; r < rules; r++) {
                        boolean unsure = low || !(familiar || (r > 0 && near >= cuts[r - 1]));
                        if (set == 0 ? !unsure : unsure) count[r][set]++;
                    }
                });
            }
        }
        for (int r = 0; r < rules; r++) {
            String name = r == 0 ? "shipped (dense1: replay + taught)" : String.format(Locale.ROOT, "+ near a taught drawing at flatten, share %.2f", SHARES[r - 1]);
            System.out.printf(Locale.ROOT, "%-48s new symbols answered %d of %d = %.1f %%; own digits flagged %d of %d = %.1f %%; unknowns flagged %d of %d = %.1f %%%n",
                    name, count[r][0], n[0], 100.0 * count[r][0] / n[0], count[r][1], n[1], 100.0 * count[r][1] / n[1], count[r][2], n[2], 100.0 * count[r][2] / n[2]);
        }
    }
}
