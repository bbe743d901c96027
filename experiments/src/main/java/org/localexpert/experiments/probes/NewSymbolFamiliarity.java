package org.localexpert.experiments.probes;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.experiments.GeWithRule;
import org.localexpert.experiments.MixtureRows;
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
import org.localexpert.core.moe.ReplayFeatures;

/**
 * Why a writer's held-out new symbols are still flagged after personalization, and two familiarity variants, on the
 * design alphabets as users (as {@code bench-unsure-personal --alphabets Balinese,Greek,Korean,Latin}; unknowns = every
 * second drawer of the other design alphabets). Variants, all with the personal confidence cut: the shipped bank
 * (replay + taught); + the new-class samples' warped copies; the shipped bank with a personal familiarity cut (the
 * class-balanced 5 % quantile of each taught sample's nearness to the others, leave one out); + the mean of each taught
 * class's unit feature rows (of the samples alone, or with their copies); and, given a candidate GE file (the same
 * weights, another replay-features.bin beside it and its own familiarity cut, e.g. written by {@link FamiliarityBank} and
 * {@code bench-unsure --part design --write}), its bank and cut for familiarity while the local expert still trains
 * beside the shipped replay, with its cut and with a personal familiarity cut as above. Args: DATA_DIR GE.tflite [CANDIDATE_GE.tflite].
 */
public final class NewSymbolFamiliarity {
    private NewSymbolFamiliarity() {
    }

    public static void main(String[] args) throws Exception {
        File data = new File(args[0]), omni = new File(data, "omniglot");
        Path model = Paths.get(args[1]);
        GeWithRule g = GeWithRule.read(model, Domain.HANDWRITING);
        GlobalExpert ge = g.ge;
        ReplayFeatures replay = g.replay;
        AbstentionRule geRule = g.rule;
        GeWithRule cand = args.length > 2 ? GeWithRule.read(Paths.get(args[2]), Domain.HANDWRITING) : null;
        Familiarity candidate = cand == null ? null : cand.rule.familiarity();
        Dataset t10k = Mnist.load(data, Mnist.Part.TEST);
        List<Example> digits = new ArrayList<>();
        int[] seen = new int[10];
        for (Example e : t10k.examples()) {
            if (HandwritingSplits.isDesignWriter(e.writerId())) continue;
            if (seen[e.label()]++ < 20) digits.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
        }
        String[] all = {"shipped bank (replay + taught)", "+ warped copies of the new-class samples", "personal familiarity cut (leave one out)",
                "+ each taught class's mean", "+ each taught class's mean with its copies", "candidate's bank and cut + taught (shipped replay for training)",
                "candidate's bank + taught, personal familiarity cut"};
        String[] names = candidate == null ? Arrays.copyOf(all, all.length - 2) : all;
        int[][] count = new int[names.length][4]; // answered, flagged unfamiliar, flagged low confidence, unknowns flagged
        int unknowns = 0, held = 0;
        for (String alphabet : OmniglotStrokes.DESIGN_ALPHABETS) {
            DesignUser user = new DesignUser(omni, alphabet, digits);
            List<String> labels = user.labels;
            Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, Domain.HANDWRITING.defaults().seed(1).threads(1).build());
            Personalizer.UserFeatures uf = p.features(user.taught);
            Personalization trained = p.train(uf);
            ConfidenceThreshold cut = p.unsureCut(trained, geRule.threshold());
            int f = ge.featureSize();
            float[] originals = uf.originals().features();
            FeatureSet rows = uf.rows();
            List<Integer> copies = new ArrayList<>();
            for (int i = uf.samples(); i < rows.size(); i++) if (rows.label(i) >= 10) copies.add(i);
            float[] withCopies = Arrays.copyOf(originals, originals.length + copies.size() * f);
            for (int j = 0; j < copies.size(); j++) System.arraycopy(rows.features(), copies.get(j) * f, withCopies, originals.length + j * f, f);
            Familiarity shipped = geRule.familiarity().withBankRows(originals, "taught");
            Familiarity[] banks = {shipped, geRule.familiarity().withBankRows(withCopies, "taught + copies"),
                    new Familiarity(personalFamiliarityCut(geRule.familiarity(), uf.originals(), shipped.threshold()), "personal",
                            concat(replay.features().features(), originals), f),
                    geRule.familiarity().withBankRows(concat(originals, classMeans(uf.originals())), "taught + class means"),
                    geRule.familiarity().withBankRows(concat(originals, classMeans(rows)), "taught + means with copies"),
                    candidate == null ? null : candidate.withBankRows(originals, "taught"),
                    candidate == null ? null : new Familiarity(personalFamiliarityCut(candidate, uf.originals(), candidate.threshold()), "personal",
                            concat(cand.replay.features().features(), originals), f)};
            for (int s = 0; s < 2; s++) {
                FeatureSet fs = p.features(s == 0 ? user.heldOut : user.unknown, labels);
                if (s == 0) held += fs.size();
                else unknowns += fs.size();
                boolean scoringUnknowns = s == 1;
                MixtureRows.forEach(trained.mixture(), fs, (i, pr, fe, gate, label) -> {
                    for (int v = 0; v < names.length; v++) {
                        AbstentionRule.Decision d = Domain.HANDWRITING.abstentionRule(cut).withFamiliarity(banks[v]).decide(pr, fe);
                        if (scoringUnknowns) {
                            if (d.unsure()) count[v][3]++;
                        } else if (!d.unsure()) {
                            count[v][0]++;
                        } else {
                            count[v][d.verdict() == AbstentionRule.Verdict.UNFAMILIAR ? 1 : 2]++;
                        }
                    }
                });
            }
            System.out.printf(Locale.ROOT, "%s: personal confidence cut %.4f, %d warped copies, personal familiarity cut %.4f (GE's %.4f)%n",
                    alphabet, cut.value(), copies.size(), banks[2].threshold(), shipped.threshold());
        }
        for (int v = 0; v < names.length; v++) {
            System.out.printf(Locale.ROOT, "%-42s new symbols answered %d of %d (unfamiliar %d, low confidence %d); unknowns flagged %d of %d = %.1f %%%n",
                    names[v], count[v][0], held, count[v][1], count[v][2], count[v][3], unknowns, 100.0 * count[v][3] / unknowns);
        }
    }

    /** The class-balanced 5 % quantile of each taught sample's nearness to the bank without itself, never above {@code cap}. */
    static float personalFamiliarityCut(Familiarity ge, FeatureSet taught, float cap) {
        return Math.min(cap, classBalancedQuantile(leaveOneOutNearness(ge, taught), taught.labels(), 0.05));
    }

    /** Each taught sample's nearest cosine similarity to {@code bank} (null: none) plus the other taught samples. */
    static float[] leaveOneOutNearness(Familiarity bank, FeatureSet taught) {
        int n = taught.size(), f = taught.featureSize();
        float[] all = taught.features(), near = new float[n];
        for (int i = 0; i < n; i++) {
            float[] others = new float[(n - 1) * f];
            for (int j = 0, o = 0; j < n; j++) if (j != i) System.arraycopy(all, j * f, others, (o++) * f, f);
            Familiarity rest = bank == null ? new Familiarity(0f, "the others", others, f) : bank.withBankRows(others, "the others");
            near[i] = rest.similarity(Arrays.copyOfRange(all, i * f, (i + 1) * f));
        }
        return near;
    }

    /**
     * The cut below which at most {@code share} of the samples fall, each class counting the same (a sample of class c
     * weighs 1 / (classes present · samples of c)): the nearness of the first sample that would take the flagged share
     * past {@code share}; 2, above any cosine similarity, when none would.
     */
    static float classBalancedQuantile(float[] near, int[] labels, double share) {
        int n = near.length, classes = 0;
        for (int y : labels) classes = Math.max(classes, y + 1);
        int[] perClass = new int[classes];
        int present = 0;
        for (int y : labels) if (perClass[y]++ == 0) present++;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Float.compare(near[x], near[y]));
        double flagged = 0;
        for (int i : order) {
            double w = 1.0 / ((double) present * perClass[labels[i]]);
            if (flagged + w > share) return near[i];
            flagged += w;
        }
        return 2f;
    }

    /** One row per class present in {@code fs}: the mean of its unit-length feature rows. */
    static float[] classMeans(FeatureSet fs) {
        int f = fs.featureSize(), classes = 0;
        for (int y : fs.labels()) classes = Math.max(classes, y + 1);
        float[] sum = new float[classes * f];
        int[] n = new int[classes];
        float[] x = fs.features();
        for (int i = 0; i < fs.size(); i++) {
            double norm = 0;
            for (int j = 0; j < f; j++) norm += x[i * f + j] * x[i * f + j];
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            int y = fs.label(i);
            n[y]++;
            for (int j = 0; j < f; j++) sum[y * f + j] += x[i * f + j] * inv;
        }
        List<float[]> rows = new ArrayList<>();
        for (int c = 0; c < classes; c++) if (n[c] > 0) rows.add(Arrays.copyOfRange(sum, c * f, (c + 1) * f));
        float[] out = new float[rows.size() * f];
        for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, out, r * f, f);
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
