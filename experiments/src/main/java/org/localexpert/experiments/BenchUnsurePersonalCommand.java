package org.localexpert.experiments;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.UserError;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.abstain.InputCheck;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.moe.ReplaySample;

/**
 * {@code bench-unsure-personal} (issue 18, point 3): does the handwriting GE's "unsure" rule still work
 * after a user teaches new symbols? For each Omniglot alphabet in turn, a user teaches 20 MNIST digits
 * per class plus {@value #NEW} characters of that alphabet (drawers 1–10); their taught drawings' GE
 * features join the rule's reference bank. Measured on drawings the personalization never saw: the new
 * characters by drawers 11–20 (should be answered, and right), other digits (should be answered), and
 * every drawing of the other alphabets the GE was not trained on as outliers (should be flagged — also where the gate hands them to the
 * local expert and the LE is confident). Beside the full rule, the top-probability cut alone on the
 * mixture's probabilities: what a confident LE does to a rule without the familiarity check.
 */
public final class BenchUnsurePersonalCommand implements Command {
    private static final int VARIANTS = 4;
    static final int NEW = 4, PER_DIGIT = 20, TAUGHT_DRAWERS = 10;

    @Override
    public String name() {
        return "bench-unsure-personal";
    }

    @Override
    public String summary() {
        return "the handwriting \"unsure\" rule after personalization with new symbols, one Omniglot alphabet at a time (issue 18)";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-unsure-personal --data DIR [--model models/handwriting/handwriting-ge.tflite] [--seed 1]\n"
                + "                                       [--alphabets A,B]  (users' alphabets and unknowns from these only, e.g. the design ones)\n"
                + "                                       [--features-at LAYER [--familiarity-at-ge]]\n"
                + "  The GE's metadata must carry unsure_below and unfamiliar_below (bench-unsure --write).\n"
                + "  --features-at LAYER  the local expert, gate and familiarity check read this layer of the GE (e.g. flatten)\n"
                + "                       instead of the classifier's input: the replay features are computed there (the shipped\n"
                + "                       replay digits) and the familiarity cut is chosen again on the design writers' digits\n"
                + "                       as bench-unsure chooses it (a design probe: no shipped model reads another layer).\n"
                + "  --familiarity-at-ge  with --features-at: only the local expert and gate read LAYER; the familiarity check\n"
                + "                       keeps the GE's own features, bank and stored cut (the taught drawings' features there too).";
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        File data = new File(args.require("data"));
        Path model = Paths.get(args.get("model", "models/handwriting/handwriting-ge.tflite"));
        long seed = args.getLong("seed", 1);
        String only = args.get("alphabets", null);
        String featuresAt = args.get("features-at", null);
        boolean familiarityAtGe = args.flag("familiarity-at-ge");
        args.rejectUnknown();
        if (familiarityAtGe && featuresAt == null) throw new UserError("--familiarity-at-ge goes with --features-at LAYER");
        GeWithRule g = GeWithRule.read(model, Domain.HANDWRITING);
        if (!Familiarity.inMetadata(g.meta)) throw new UserError(model + " carries no unfamiliar_below: run bench-unsure --write first");
        GlobalExpert ge = g.ge;
        ReplayFeatures replay = g.replay;
        AbstentionRule geRule = g.rule;
        if (featuresAt != null) {
            try {
                ge = g.ge.readingFeaturesAt(featuresAt);
            } catch (IllegalArgumentException e) {
                throw new UserError("--features-at: " + e.getMessage());
            }
            try (FeatureExtractor fx = FeatureExtractor.java(ge)) {
                replay = ReplayFeatures.compute(ge, g.hash, ReplaySample.select(Mnist.load(data, Mnist.Part.TRAIN), ReplaySample.DEFAULT_PER_CLASS,
                        ReplaySample.DEFAULT_SEED), fx);
            }
            if (!familiarityAtGe) geRule = rechosenAt(ge, replay, geRule, Mnist.load(data, Mnist.Part.TEST));
        }
        // The GE whose features the familiarity check reads: the one the local expert reads, unless kept at the GE's own.
        GlobalExpert familiar = familiarityAtGe ? g.ge : ge;
        out.println("GE rule: " + geRule.threshold() + "; " + geRule.familiarity());

        File omni = new File(data, DataLocation.OMNIGLOT);
        Dataset t10k = Mnist.load(data, Mnist.Part.TEST);
        // The user's digits: the first 20 of each class by evaluation writers; held-out digits: the next 100 of each.
        List<Example> taughtDigits = new ArrayList<>(), heldDigits = new ArrayList<>();
        int[] seen = new int[10];
        for (Example e : t10k.examples()) {
            if (HandwritingSplits.isDesignWriter(e.writerId())) continue;
            int c = seen[e.label()]++;
            if (c < PER_DIGIT) taughtDigits.add(e);
            else if (c < PER_DIGIT + 100) heldDigits.add(e);
        }
        List<String> alphabets = OmniglotStrokes.alphabets(omni);
        if (only != null) {
            List<String> wanted = java.util.Arrays.asList(only.split(","));
            for (String a : wanted) if (!alphabets.contains(a)) throw new UserError("--alphabets: no alphabet '" + a + "' in " + omni);
            alphabets = wanted;
        }
        // A GE trained to be unsure of some alphabets (outlier exposure) is not scored on them as unknowns;
        // users may still teach them as their own symbols.
        List<String> exposed = BenchUnsureCommand.outlierAlphabets(g.meta);
        if (!exposed.isEmpty()) out.println("unknowns exclude the alphabets the GE was trained to be unsure of: " + exposed);
        String[] variants = {"shipped: replay+taught bank, confidence cut on every answer", "confidence cut alone (no familiarity)",
                "familiarity + confidence cut only where the GE answers (gate <= 0.5)",
                "familiarity + the personal confidence cut (PersonalConfidence: 5-fold out-of-fold, class-balanced 5 %)"};
        Outcome[][] total = new Outcome[VARIANTS][3]; // [variant][new symbols, held-out digits, unknowns]
        for (Outcome[] row : total) for (int j = 0; j < 3; j++) row[j] = new Outcome();
        List<Float> personalCuts = new ArrayList<>();
        out.printf(Locale.ROOT, "%-20s %-3s %-22s %-16s %-22s %-22s %s%n", "user's alphabet", "var", "new symbols answered", "answered right",
                "held-out digits flagged", "unknowns flagged", "unknowns the gate gives the LE: flagged");
        for (String alphabet : alphabets) {
            List<String> chars = OmniglotStrokes.characters(omni, alphabet);
            List<String> mine = new ArrayList<>();
            for (int j = 0; j < NEW; j++) mine.add(chars.get(j * chars.size() / NEW));
            List<String> labels = new ArrayList<>(Mnist.LABELS);
            for (String ch : mine) labels.add(alphabet + "-" + ch);
            List<Example> taught = new ArrayList<>(), heldNew = new ArrayList<>(), unknown = new ArrayList<>(), digits = new ArrayList<>();
            for (Example e : taughtDigits) taught.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
            for (Example e : heldDigits) digits.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
            for (int j = 0; j < mine.size(); j++) {
                for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) {
                    Example e = new Example(OmniglotStrokes.render(omni, alphabet, mine.get(j), d), HandwritingPreprocessor.SHAPE, 10 + j);
                    (d <= TAUGHT_DRAWERS ? taught : heldNew).add(e);
                }
            }
            for (String other : alphabets) {
                if (other.equals(alphabet) || exposed.contains(other)) continue;
                for (String ch : OmniglotStrokes.characters(omni, other)) {
                    for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) unknown.add(new Example(OmniglotStrokes.render(omni, other, ch, d), HandwritingPreprocessor.SHAPE, 0));
                }
            }
            Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, Domain.HANDWRITING.defaults().seed(seed).threads(1).build());
            Personalizer.UserFeatures uf = p.features(new Dataset(taught, labels, HandwritingPreprocessor.SHAPE));
            Personalization trained = p.train(uf);
            Mixture m = trained.mixture();
            // After personalization the user's own taught drawings are familiar by definition.
            Dataset taughtSet = new Dataset(taught, labels, HandwritingPreprocessor.SHAPE);
            float[] taughtRows = familiar == ge ? uf.originals().features() : familiar.features(taughtSet, 1).features();
            Familiarity withUser = geRule.familiarity().withBankRows(taughtRows, "the user's " + uf.samples() + " taught drawings");
            AbstentionRule full = geRule.withFamiliarity(withUser), confidenceOnly = geRule.withFamiliarity(null);
            ConfidenceThreshold personalCut = p.unsureCut(trained, geRule.threshold());
            AbstentionRule personal = Domain.HANDWRITING.abstentionRule(personalCut).withFamiliarity(withUser);
            personalCuts.add(personalCut.value());
            Dataset[] sets = {new Dataset(heldNew, labels, HandwritingPreprocessor.SHAPE), new Dataset(digits, labels, HandwritingPreprocessor.SHAPE),
                    new Dataset(unknown, labels, HandwritingPreprocessor.SHAPE)};
            Outcome[][] o = new Outcome[VARIANTS][3];
            for (int j = 0; j < 3; j++) {
                Outcome[] byVariant = outcomes(p, m, sets[j], m.labels(), familiar == ge ? null : familiar, full, confidenceOnly, personal);
                for (int v = 0; v < VARIANTS; v++) {
                    o[v][j] = byVariant[v];
                    total[v][j].add(byVariant[v]);
                }
            }
            for (int v = 0; v < VARIANTS; v++) print(out, shortName(alphabet), v, o[v], false);
        }
        for (int v = 0; v < VARIANTS; v++) print(out, "all", v, total[v], true);
        for (int v = 0; v < VARIANTS; v++) out.println("variant " + v + ": " + variants[v]);
        out.println("personal cuts (variant 3): " + personalCuts);
        out.println("(bank = the GE's replay features + the user's taught drawings; the cuts are the GE's, from its metadata)");
        return 0;
    }

    /**
     * The GE's confidence cut with a familiarity cut chosen again at {@code ge}'s features layer on the design writers'
     * t10k digits, as {@code bench-unsure} chooses it: the confidence cut flags its share, nearness fills the budget.
     */
    private static AbstentionRule rechosenAt(GlobalExpert ge, ReplayFeatures replay, AbstentionRule geRule, Dataset t10k) {
        Familiarity bank = new Familiarity(0f, "similarity only", replay.features().features(), ge.featureSize());
        UnsureScores cal = new UnsureScores("design writers");
        InputCheck check = InputCheck.forHandwriting();
        try (FeatureExtractor fx = FeatureExtractor.java(ge)) {
            for (Example e : t10k.examples()) {
                if (HandwritingSplits.isDesignWriter(e.writerId())) cal.add("mnist", e.features(), t10k.shape(), fx, check, bank);
            }
        }
        UnsureCalibration.Cuts cuts = UnsureCalibration.split(cal.msp(), cal.similarity(), BenchUnsureCommand.CONFIDENCE_SHARE, BenchUnsureCommand.BUDGET,
                "MNIST t10k design writers' drawings at " + ge.featureSize() + " features");
        return geRule.withFamiliarity(new Familiarity(cuts.similarity, "nearest replay-bank cosine similarity " + cuts.similarityWhy,
                replay.features().features(), ge.featureSize()));
    }

    private static void print(PrintStream out, String name, int variant, Outcome[] o, boolean intervals) {
        Outcome nw = o[0], dig = o[1], unk = o[2];
        out.printf(Locale.ROOT, "%-20s %-3d %-22s %-16s %-22s %-22s %s%n", name, variant,
                intervals ? Wilson.format(nw.n - nw.flagged, nw.n) : pct(nw.n - nw.flagged, nw.n), pct(nw.answeredRight, nw.n - nw.flagged),
                intervals ? Wilson.format(dig.flagged, dig.n) : pct(dig.flagged, dig.n), intervals ? Wilson.format(unk.flagged, unk.n) : pct(unk.flagged, unk.n),
                pct(unk.toLeFlagged, unk.toLe));
    }

    /** Counts on one held-out set under one rule: flagged, answered right, handed to the LE by the gate. */
    private static final class Outcome {
        int n, flagged, answeredRight, toLe, toLeFlagged;

        void add(Outcome o) {
            n += o.n;
            flagged += o.flagged;
            answeredRight += o.answeredRight;
            toLe += o.toLe;
            toLeFlagged += o.toLeFlagged;
        }
    }

    /** The variants' outcomes on {@code set} (see the variants' names in {@link #run}). */
    private static Outcome[] outcomes(Personalizer p, Mixture m, Dataset set, List<String> union, GlobalExpert familiar, AbstentionRule full,
                                      AbstentionRule confidenceOnly,
                                      AbstentionRule personal) {
        FeatureSet fs = p.features(set, union);
        // The familiarity check's features, row for row: the mixture's own, or the GE's when it reads another layer.
        float[] other = familiar == null ? null : familiar.features(set, 1).features();
        int f = familiar == null ? 0 : familiar.featureSize();
        Outcome[] o = {new Outcome(), new Outcome(), new Outcome(), new Outcome()};
        MixtureRows.forEach(m, fs, (i, pr, mixtureFeatures, gate, label) -> {
            float[] fe = other == null ? mixtureFeatures : java.util.Arrays.copyOfRange(other, i * f, (i + 1) * f);
            AbstentionRule.Decision d = full.decide(pr, fe);
            boolean toLe = gate > 0.5f;
            boolean[] flagged = {d.unsure(), confidenceOnly.decide(pr).unsure(),
                    d.verdict() == AbstentionRule.Verdict.UNFAMILIAR || (!toLe && d.verdict() == AbstentionRule.Verdict.LOW_CONFIDENCE),
                    personal.decide(pr, fe).unsure()};
            for (int v = 0; v < VARIANTS; v++) {
                o[v].n++;
                if (flagged[v]) o[v].flagged++;
                else if (d.label() == label) o[v].answeredRight++;
                if (toLe) {
                    o[v].toLe++;
                    if (flagged[v]) o[v].toLeFlagged++;
                }
            }
        });
        return o;
    }

    private static String pct(int k, int n) {
        return n == 0 ? "n/a" : String.format(Locale.ROOT, "%d/%d = %.1f %%", k, n, 100.0 * k / n);
    }

    private static String shortName(String alphabet) {
        return alphabet.length() > 20 ? alphabet.substring(0, 20) : alphabet;
    }
}
