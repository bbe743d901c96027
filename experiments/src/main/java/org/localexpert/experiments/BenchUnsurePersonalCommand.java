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
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

/**
 * {@code bench-unsure-personal} (issue 18, point 3): does the handwriting GE's "unsure" rule still work
 * after a user teaches new symbols? For each Omniglot alphabet in turn, a user teaches 20 MNIST digits
 * per class plus {@value #NEW} characters of that alphabet (drawers 1–10); their taught drawings' GE
 * features join the rule's reference bank. Measured on drawings the personalization never saw: the new
 * characters by drawers 11–20 (should be answered, and right), other digits (should be answered), and
 * every drawing of the other seven alphabets (should be flagged — also where the gate hands them to the
 * local expert and the LE is confident). Beside the full rule, the top-probability cut alone on the
 * mixture's probabilities: what a confident LE does to a rule without the familiarity check.
 */
public final class BenchUnsurePersonalCommand implements Command {
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
                + "  The GE's metadata must carry unsure_below and unfamiliar_below (bench-unsure --write).";
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        File data = new File(args.require("data"));
        Path model = Paths.get(args.get("model", "models/handwriting/handwriting-ge.tflite"));
        long seed = args.getLong("seed", 1);
        args.rejectUnknown();
        TfliteModel file = TfliteReader.read(model);
        LocalExpertMetadata meta = LocalExpertMetadata.read(file);
        if (!Familiarity.inMetadata(meta)) throw new UserError(model + " carries no unfamiliar_below: run bench-unsure --write first");
        GlobalExpert ge = GlobalExpert.of(ModelImporter.toModel(file), meta.labels());
        String hash = GeHash.of(file);
        ReplayFeatures replay = ReplayFeatures.read(model.resolveSibling(ReplayFeatures.FILE_NAME), hash);
        AbstentionRule geRule = Classifier.ruleOf(meta, Domain.HANDWRITING, replay.features().features(), ge.featureSize());
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
        out.printf(Locale.ROOT, "%-20s %-28s %-28s %-28s %-26s %-26s %s%n", "user's alphabet", "new symbols answered", "  ...answered right",
                "held-out digits flagged", "unknowns flagged", "unknowns flagged, conf only", "unknowns to LE: flagged / conf only");
        int[] tot = new int[12];
        for (String alphabet : alphabets) {
            List<String> chars = OmniglotStrokes.characters(omni, alphabet);
            List<String> mine = new ArrayList<>();
            for (int j = 0; j < NEW; j++) mine.add(chars.get(j * chars.size() / NEW));
            List<String> labels = new ArrayList<>(Mnist.LABELS);
            for (String ch : mine) labels.add(alphabet + "-" + ch);
            List<Example> taught = new ArrayList<>(), heldNew = new ArrayList<>(), unknown = new ArrayList<>();
            for (Example e : taughtDigits) taught.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
            for (int j = 0; j < mine.size(); j++) {
                for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) {
                    Example e = new Example(OmniglotStrokes.render(omni, alphabet, mine.get(j), d), HandwritingPreprocessor.SHAPE, 10 + j);
                    (d <= TAUGHT_DRAWERS ? taught : heldNew).add(e);
                }
            }
            for (String other : alphabets) {
                if (other.equals(alphabet)) continue;
                for (String ch : OmniglotStrokes.characters(omni, other)) {
                    for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) unknown.add(new Example(OmniglotStrokes.render(omni, other, ch, d), HandwritingPreprocessor.SHAPE, 0));
                }
            }
            Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, Domain.HANDWRITING.defaults().seed(seed).threads(1).build());
            Personalizer.UserFeatures uf = p.features(new Dataset(taught, labels, HandwritingPreprocessor.SHAPE));
            Personalization result = p.train(uf);
            Mixture m = result.mixture();
            // After personalization the user's own taught drawings are familiar by definition.
            Familiarity withUser = geRule.familiarity().withBankRows(uf.originals().features(), "the user's " + uf.samples() + " taught drawings");
            AbstentionRule full = geRule.withFamiliarity(withUser), confidenceOnly = geRule.withFamiliarity(null);

            Outcome newSym = outcome(p, m, new Dataset(heldNew, labels, HandwritingPreprocessor.SHAPE), m.labels(), full, confidenceOnly);
            List<Example> digits = new ArrayList<>();
            for (Example e : heldDigits) digits.add(new Example(e.features(), HandwritingPreprocessor.SHAPE, e.label()));
            Outcome dig = outcome(p, m, new Dataset(digits, labels, HandwritingPreprocessor.SHAPE), m.labels(), full, confidenceOnly);
            Outcome unk = outcome(p, m, new Dataset(unknown, labels, HandwritingPreprocessor.SHAPE), m.labels(), full, confidenceOnly);
            out.printf(Locale.ROOT, "%-20s %-28s %-28s %-28s %-26s %-26s %d / %d of %d; flagged as unfamiliar: new %d, digits %d%n", shortName(alphabet), pct(newSym.n - newSym.flagged, newSym.n),
                    pct(newSym.answeredRight, newSym.n - newSym.flagged), pct(dig.flagged, dig.n), pct(unk.flagged, unk.n), pct(unk.flaggedConfidenceOnly, unk.n),
                    unk.toLeFlagged, unk.toLeConfidenceOnlyFlagged, unk.toLe, newSym.unfamiliar, dig.unfamiliar);
            int[] add = {newSym.n - newSym.flagged, newSym.n, newSym.answeredRight, dig.flagged, dig.n, unk.flagged, unk.n, unk.flaggedConfidenceOnly,
                    unk.toLe, unk.toLeFlagged, newSym.unfamiliar, dig.unfamiliar};
            for (int i = 0; i < add.length; i++) tot[i] += add[i];
        }
        out.printf(Locale.ROOT, "%-20s %-28s %-28s %-28s %-26s %-26s to LE %d, of them flagged %d; flagged as unfamiliar: new %d, digits %d%n", "all", Wilson.format(tot[0], tot[1]),
                pct(tot[2], tot[0]), Wilson.format(tot[3], tot[4]), Wilson.format(tot[5], tot[6]), pct(tot[7], tot[6]), tot[8], tot[9], tot[10], tot[11]);
        out.println("(full rule: the GE's cuts, bank = replay features + the user's taught drawings; conf only: the same top-probability cut on the"
                + " mixture's probabilities without the familiarity check)");
        return 0;
    }

    /** Counts on one held-out set: flagged by each rule, answered right, handed to the LE by the gate. */
    private static final class Outcome {
        int n, flagged, unfamiliar, flaggedConfidenceOnly, answeredRight, toLe, toLeFlagged, toLeConfidenceOnlyFlagged;
    }

    private static Outcome outcome(Personalizer p, Mixture m, Dataset set, List<String> union, AbstentionRule full, AbstentionRule confidenceOnly) {
        FeatureSet fs = p.features(set, union);
        Tensor[] heads = m.runHead(fs);
        float[] probs = heads[Mixture.PROBABILITIES].data(), gate = heads[Mixture.GATE].data(), feats = fs.features();
        int k = union.size(), f = fs.featureSize();
        Outcome o = new Outcome();
        for (int i = 0; i < fs.size(); i++) {
            float[] pr = java.util.Arrays.copyOfRange(probs, i * k, (i + 1) * k), fe = java.util.Arrays.copyOfRange(feats, i * f, (i + 1) * f);
            AbstentionRule.Decision d = full.decide(pr, fe);
            boolean confFlag = confidenceOnly.decide(pr).unsure(), toLe = gate[i] > 0.5f;
            o.n++;
            if (d.unsure()) o.flagged++;
            if (d.verdict() == AbstentionRule.Verdict.UNFAMILIAR) o.unfamiliar++;
            else if (d.label() == fs.label(i)) o.answeredRight++;
            if (confFlag) o.flaggedConfidenceOnly++;
            if (toLe) {
                o.toLe++;
                if (d.unsure()) o.toLeFlagged++;
                if (confFlag) o.toLeConfidenceOnlyFlagged++;
            }
        }
        return o;
    }

    private static String pct(int k, int n) {
        return n == 0 ? "n/a" : String.format(Locale.ROOT, "%d/%d = %.1f %%", k, n, 100.0 * k / n);
    }

    private static String shortName(String alphabet) {
        return alphabet.length() > 20 ? alphabet.substring(0, 20) : alphabet;
    }
}
