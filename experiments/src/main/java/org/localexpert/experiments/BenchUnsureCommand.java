package org.localexpert.experiments;

import java.awt.Color;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.UserError;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.abstain.InputCheck;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.data.PenRedraw;
import org.localexpert.core.train.HandwritingRecipes;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code bench-unsure} (issue 18): chooses a GE's "unsure" rule — top probability below one cut OR
 * GE features unlike every vector of the replay bank ({@link Familiarity}) — on in-domain calibration
 * data only, then scores in-domain test inputs and inputs of no known class once, beside the baseline
 * (top probability alone), and draws the flagged-unknown vs flagged-known curves.
 *
 * <p>Handwriting: calibration = MNIST t10k drawings of design writers (even writer id), test = the
 * odd-id writers, unknown = every drawing of the Omniglot evaluation alphabets (20 drawers each, through the app's
 * canvas path; the design alphabets are where a GE may be trained to be unsure, {@code --part design} scores the
 * ones it was not); also the test digits redrawn with the canvas's pen ({@link PenRedraw}), which the rule should
 * not flag. Plant: calibration = the Daphal + tomato validation splits, test = their test splits, unknown =
 * every photo under {@code unknown-photos/<folder>}. No unknown input is used to choose anything.
 */
public final class BenchUnsureCommand implements Command {
    /** The in-domain share the issue allows to be flagged. */
    static final double BUDGET = 0.05;
    /** Handwriting's split of the budget: half to the confidence cut (fixed beforehand, see UnsureCalibration). */
    static final double CONFIDENCE_SHARE = 0.025;
    /** Pen widths (share of the drawing's longer side) of the canvas-style redraws: Omniglot's 5th percentile, median, 95th. */
    static final float[] CANVAS_PENS = {0.05f, 0.07f, 0.10f};

    @Override
    public String name() {
        return "bench-unsure";
    }

    @Override
    public String summary() {
        return "choose and measure the \"unsure\" rule for inputs of no known class (issue 18); --write stores it in the GE";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-unsure --domain handwriting|plant --data DIR [--model GE.tflite] [--png FILE] [--write]\n"
                + "                                [--part design|evaluation] [--calibrate scanned|both]\n"
                + "  The GE's replay-features.bin (beside it) is the reference bank. Cuts from in-domain calibration data only:\n"
                + "  handwriting: MNIST t10k design writers (top probability flags 2.5 %, nearness tops the union up to 5 %);\n"
                + "  plant: validation splits (issue 6's unsure_below kept, nearness flags 5 % on its own).\n"
                + "  Then in-domain test and unknowns (DIR/omniglot, DIR/unknown-photos/<folder>) are scored once.\n"
                + "  --write: store unsure_below and unfamiliar_below in the GE's metadata (weights, hence ge_hash, unchanged).\n"
                + "  Handwriting: unknown = the evaluation alphabets " + OmniglotStrokes.EVALUATION_ALPHABETS + ";\n"
                + "  --part design scores the design alphabets the GE was not trained on as outliers (metadata outlier_alphabets)\n"
                + "  instead, with the design writers as the in-domain set, for choosing a recipe; nothing about the evaluation data is printed\n"
                + "  (the cuts come from the design writers in both parts, so --write stores the same cuts either way).\n"
                + "  Both parts also redraw the in-domain digits with the canvas's pen (share " + Arrays.toString(CANVAS_PENS) + " of the\n"
                + "  drawing) and report how many of those the rule flags: digits drawn on the phone must not look unknown.\n"
                + "  --calibrate both: the cuts' 5 % budget is taken over the design writers' scanned and redrawn digits together\n"
                + "  (default scanned: MNIST's scans alone).\n"
                + "  --png: where the curve goes (default: the model card's models/<domain>/unsure-curve.png for the shipped GE's\n"
                + "  evaluation part, bench-out/unsure/<domain>-<part>-curve.png for another --model or the design part).";
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Domain domain = Domain.of(args.require("domain"));
        File data = new File(args.require("data"));
        String modelArg = args.get("model", null);
        Path model = Paths.get(modelArg != null ? modelArg : "models/" + domain.id() + "/" + (domain == Domain.PLANT ? "plant-ge.tflite" : "handwriting-ge.tflite"));
        boolean write = args.flag("write");
        String part = args.get("part", "evaluation");
        // The model card's picture is the shipped GE's evaluation curve: a candidate's or a design run's goes elsewhere.
        String cardPng = "models/" + domain.id() + "/unsure-curve.png";
        Path png = Paths.get(args.get("png", modelArg == null && part.equals("evaluation") ? cardPng
                : "bench-out/unsure/" + domain.id() + "-" + part + "-curve.png"));
        String calibrate = args.get("calibrate", "scanned");
        args.rejectUnknown();
        if (!part.equals("design") && !part.equals("evaluation")) throw new UserError("--part is design or evaluation, not " + part);
        boolean design = part.equals("design");
        if (!calibrate.equals("scanned") && !calibrate.equals("both")) throw new UserError("--calibrate is scanned or both, not " + calibrate);
        boolean calibrateOnBoth = calibrate.equals("both");
        if (design && domain == Domain.PLANT) throw new UserError("--part design is for handwriting (plant has no design unknowns)");
        if (!Files.isRegularFile(model)) throw new UserError("no such model: " + model);
        TfliteModel file = TfliteReader.read(model);
        LocalExpertMetadata meta = LocalExpertMetadata.read(file);
        GlobalExpert ge = GlobalExpert.of(ModelImporter.toModel(file), meta.labels());
        String hash = GeHash.of(file);
        ReplayFeatures replay = ReplayFeatures.read(model.resolveSibling(ReplayFeatures.FILE_NAME), hash);
        float[] bankRows = replay.features().features();
        Familiarity bank = new Familiarity(0f, "similarity only", bankRows, ge.featureSize());
        out.printf(Locale.ROOT, "GE %s (%s), reference bank: %d replay feature vectors of %d%n", model, hash, bank.bankSize(), ge.featureSize());

        long t0 = System.nanoTime();
        UnsureScores cal, test, unknown, canvas = null;
        List<String> exposed = outlierAlphabets(meta);
        List<String> unknownAlphabets = new ArrayList<>(design ? OmniglotStrokes.DESIGN_ALPHABETS : OmniglotStrokes.EVALUATION_ALPHABETS);
        unknownAlphabets.removeAll(exposed);
        if (domain == Domain.HANDWRITING) {
            if (unknownAlphabets.isEmpty()) throw new UserError("the GE was trained on every design alphabet as outliers: no design unknowns left");
            out.println("unknown alphabets: " + unknownAlphabets + (exposed.isEmpty() ? "" : " (the GE was trained to be unsure of " + exposed + ")"));
        }
        try (FeatureExtractor fx = FeatureExtractor.open(ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(1)))) {
            out.println("GE runs on " + fx.backend() + (fx.fallbackReason() == null ? "" : " (fallback: " + fx.fallbackReason() + ")"));
            InputCheck check = domain == Domain.PLANT ? InputCheck.forColourPhotos() : InputCheck.forHandwriting();
            UnsureScores[] known = domain == Domain.PLANT ? plantKnown(data, ge, fx, check, bank, out) : handwritingKnown(data, fx, check, bank, design, calibrateOnBoth);
            cal = known[0];
            test = known[1];
            if (known.length > 2) {
                canvas = known[3];
                if (calibrateOnBoth) cal = UnsureScores.concat("design writers, scanned and redrawn", cal, known[2]);
            }
            unknown = domain == Domain.PLANT ? plantUnknown(data, ge, fx, check, bank) : omniglot(data, fx, check, bank, unknownAlphabets);
        }
        out.printf(Locale.ROOT, "GE outputs of %d calibration, %d test and %d unknown inputs in %.0f s%n", cal.size(), test.size(), unknown.size(),
                (System.nanoTime() - t0) / 1e9);

        // Choose the cuts on calibration data alone.
        UnsureCalibration.Cuts cuts;
        ConfidenceThreshold stored = ConfidenceThreshold.fromMetadata(meta);
        if (domain == Domain.PLANT) {
            if (stored == null) throw new UserError(model + " has no calibrated unsure_below (train-ge --score --write-unsure first)");
            cuts = UnsureCalibration.keepConfidence(stored.value(), stored.derivation(), cal.msp(), cal.similarity(), BUDGET, "the validation photos");
        } else {
            cuts = UnsureCalibration.split(cal.msp(), cal.similarity(), CONFIDENCE_SHARE, BUDGET, calibrateOnBoth
                    ? "MNIST t10k design writers' drawings, scanned and redrawn with the canvas's pen " + Arrays.toString(CANVAS_PENS)
                    : "MNIST t10k design writers' drawings");
        }
        ConfidenceThreshold confidence = new ConfidenceThreshold(cuts.confidence, cuts.confidenceWhy);
        Familiarity familiarity = new Familiarity(cuts.similarity, "nearest replay-bank cosine similarity " + cuts.similarityWhy, bankRows, ge.featureSize());
        AbstentionRule shipped = domain.abstentionRule(confidence).withFamiliarity(familiarity);
        out.println("chosen: " + confidence);
        out.println("        " + familiarity);

        // Candidates, each with its cut(s) from the same calibration inputs, for the table.
        Map<String, AbstentionRule> rules = new LinkedHashMap<>();
        rules.put("top probability alone, 5 % of calibration (baseline)",
                domain.abstentionRule(new ConfidenceThreshold(Math.max(0f, UnsureCalibration.lowerQuantile(cal.msp(), BUDGET)), "baseline")));
        if (domain == Domain.PLANT && stored != null) rules.put("issue 6's unsure_below alone (" + String.format(Locale.ROOT, "%.4f", stored.value()) + ")", domain.abstentionRule(stored));
        rules.put("replay-bank nearness alone, 5 % of calibration", domain.abstentionRule(new ConfidenceThreshold(0f, "none"))
                .withFamiliarity(new Familiarity(UnsureCalibration.lowerQuantile(cal.similarity(), BUDGET), "alone", bankRows, ge.featureSize())));
        rules.put("shipped: top probability OR nearness", shipped);
        List<String> groups = distinct(unknown.group);
        out.printf(Locale.ROOT, "%n%-52s %-11s %-40s %-40s %s%n", "rule", "cal flagged", "test (in-domain) flagged", "unknown flagged", "unknown flagged per group");
        for (Map.Entry<String, AbstentionRule> e : rules.entrySet()) {
            AbstentionRule r = e.getValue();
            StringBuilder per = new StringBuilder();
            for (String g : groups) per.append(String.format(Locale.ROOT, "%s %.0f  ", g, 100 * share(r, unknown, g)));
            out.printf(Locale.ROOT, "%-52s %6.2f %%    %-40s %-40s %s%n", e.getKey(), 100 * share(r, cal, null), Wilson.format(count(r, test), test.size()),
                    Wilson.format(count(r, unknown), unknown.size()), per.toString().trim());
        }
        out.println("(flagged = the input check, or below either cut; test and unknown inputs were scored once with these rules, chosen before.)");
        if (canvas != null) {
            List<String> pens = distinct(canvas.group);
            out.printf(Locale.ROOT, "%n%s redrawn with the canvas's pen (share of the drawing), flagged:%n", test.set);
            for (Map.Entry<String, AbstentionRule> e : rules.entrySet()) {
                StringBuilder per = new StringBuilder();
                for (String g : pens) per.append(String.format(Locale.ROOT, "%s %.1f %%  ", g, 100 * share(e.getValue(), canvas, g)));
                out.printf(Locale.ROOT, "%-52s %s%n", e.getKey(), per.toString().trim());
            }
        }

        List<UnsureChart.Curve> curves = new ArrayList<>();
        curves.add(curve("top probability alone (baseline)", new Color(0xAAAAAA), cal, test, unknown, 0));
        curves.add(curve("replay-bank nearness alone", new Color(0x2CA02C), cal, test, unknown, 1));
        curves.add(curve("top probability OR nearness, budget split", new Color(0x1F77B4), cal, test, unknown, 2));
        double sx = count(shipped, test) / (double) test.size(), sy = count(shipped, unknown) / (double) unknown.size();
        UnsureChart.write(domain.id() + " GE: \"unsure\" on inputs of no known class", curves, sx, sy, domain == Domain.PLANT ? 0.30 : 0.20, png);
        out.println("wrote " + png);

        if (write) {
            // Only the metadata changes: the weights, hence the GE hash, stay as they are (checked after the write).
            confidence.writeTo(meta);
            familiarity.writeTo(meta);
            meta.writeTo(file);
            TfliteWriter.write(file, model);
            String after = GeHash.of(TfliteReader.read(model));
            if (!after.equals(hash)) throw new IllegalStateException("the GE's weights hash changed on a metadata rewrite: " + hash + " -> " + after);
            out.println("wrote unsure_below " + confidence.value() + " and unfamiliar_below " + familiarity.threshold() + " into " + model + " (ge_hash unchanged)");
        }
        return 0;
    }

    /**
     * Calibration and test: MNIST t10k, design writers vs the others (in the design part the design writers are
     * both); then the test digits redrawn with the canvas's pen at each of {@link #CANVAS_PENS}, and the design
     * writers' when {@code redrawCalibration} (--calibrate both). Only digits one of those needs are redrawn.
     */
    private static UnsureScores[] handwritingKnown(File data, FeatureExtractor fx, InputCheck check, Familiarity bank, boolean designPart,
                                                   boolean redrawCalibration) {
        Dataset t10k = Mnist.load(data, Mnist.Part.TEST);
        UnsureScores all = new UnsureScores("t10k");
        boolean[] design = new boolean[t10k.size()], other = new boolean[t10k.size()];
        for (int i = 0; i < t10k.size(); i++) {
            Example e = t10k.get(i);
            all.add("mnist", e.features(), t10k.shape(), fx, check, bank);
            design[i] = HandwritingSplits.isDesignWriter(e.writerId());
            other[i] = !design[i];
        }
        boolean[] testRows = designPart ? design : other;
        UnsureScores canvas = new UnsureScores("redrawn");
        List<Boolean> forCalibration = new ArrayList<>(), forTest = new ArrayList<>();
        for (float pen : CANVAS_PENS) {
            String name = String.format(Locale.ROOT, "pen %.2f", pen);
            for (int i = 0; i < t10k.size(); i++) {
                boolean c = redrawCalibration && design[i], t = testRows[i];
                if (!c && !t) continue;
                canvas.add(name, PenRedraw.redraw(t10k.get(i).features(), pen), t10k.shape(), fx, check, bank);
                forCalibration.add(c);
                forTest.add(t);
            }
        }
        String testName = designPart ? "design writers" : "evaluation writers";
        return new UnsureScores[] {all.subset("design writers", design), all.subset(testName, testRows),
                canvas.subset("design writers redrawn", toArray(forCalibration)), canvas.subset(testName + " redrawn", toArray(forTest))};
    }

    private static boolean[] toArray(List<Boolean> v) {
        boolean[] a = new boolean[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i);
        return a;
    }

    /** The alphabets the GE was trained to be unsure of (metadata {@code outlier_alphabets}), or none. */
    static List<String> outlierAlphabets(LocalExpertMetadata meta) {
        String v = meta.properties().get(HandwritingRecipes.OUTLIER_ALPHABETS_PROPERTY);
        return v == null || v.isEmpty() ? Collections.emptyList() : Arrays.asList(v.split(","));
    }

    private static UnsureScores omniglot(File data, FeatureExtractor fx, InputCheck check, Familiarity bank, List<String> alphabets) {
        File omni = new File(data, DataLocation.OMNIGLOT);
        if (!omni.isDirectory()) throw new UserError("no Omniglot strokes at " + omni);
        UnsureScores s = new UnsureScores("omniglot");
        int[] shape = {28, 28, 1};
        for (String alphabet : alphabets) {
            for (String ch : OmniglotStrokes.characters(omni, alphabet)) {
                for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) {
                    s.add(alphabet, OmniglotStrokes.render(omni, alphabet, ch, d), shape, fx, check, bank);
                }
            }
        }
        return s;
    }

    /** Calibration and test: the validation and test splits of Daphal and tomato (the GE's own, leak-free). */
    private static UnsureScores[] plantKnown(File data, GlobalExpert ge, FeatureExtractor fx, InputCheck check, Familiarity bank, PrintStream out) {
        ImageIoDecoder decoder = new ImageIoDecoder();
        UnsureScores cal = new UnsureScores("validation"), test = new UnsureScores("test");
        PhotoPreprocessor pre = new PhotoPreprocessor(ge.inputShape()[0]);
        for (String set : new String[] {DataLocation.SUGARCANE_DAPHAL, DataLocation.PLANTVILLAGE_TOMATO}) {
            Dataset list = ImageFolderDataset.list(new File(data, set), Collections.emptyMap());
            PlantSplits.Split split = set.equals(DataLocation.SUGARCANE_DAPHAL) ? PlantSplits.daphal(list, decoder) : PlantSplits.tomato(list, decoder);
            for (Example e : split.validation().examples()) cal.add(set, photo(pre, decoder, e.source()), pre.shape(), fx, check, bank);
            for (Example e : split.test().examples()) test.add(set, photo(pre, decoder, e.source()), pre.shape(), fx, check, bank);
            out.printf(Locale.ROOT, "%s: %d validation, %d test photos%n", set, split.validation().size(), split.test().size());
        }
        return new UnsureScores[] {cal, test};
    }

    private static UnsureScores plantUnknown(File data, GlobalExpert ge, FeatureExtractor fx, InputCheck check, Familiarity bank) {
        File root = new File(data, "unknown-photos");
        File[] folders = root.listFiles(File::isDirectory);
        if (folders == null || folders.length == 0) throw new UserError("no folders of unknown photos under " + root);
        java.util.Arrays.sort(folders);
        ImageIoDecoder decoder = new ImageIoDecoder();
        PhotoPreprocessor pre = new PhotoPreprocessor(ge.inputShape()[0]);
        UnsureScores s = new UnsureScores("unknown-photos");
        for (File folder : folders) {
            List<File> files = new ArrayList<>();
            collect(folder, files);
            Collections.sort(files);
            for (File f : files) s.add(folder.getName(), photo(pre, decoder, f.getPath()), pre.shape(), fx, check, bank);
        }
        return s;
    }

    private static float[] photo(PhotoPreprocessor pre, ImageIoDecoder decoder, String path) {
        return pre.apply(decoder.decode(new File(path), pre.decodeTarget()));
    }

    private static void collect(File dir, List<File> out) {
        File[] kids = dir.listFiles();
        if (kids == null) return;
        for (File f : kids) {
            if (f.isDirectory()) collect(f, out);
            else if (ImageFolderDataset.isImageFile(f)) out.add(f);
        }
    }

    private static int count(AbstentionRule r, UnsureScores s) {
        int k = 0;
        for (int i = 0; i < s.size(); i++) if (s.flagged(r, i)) k++;
        return k;
    }

    /** Share of {@code s} (only {@code group}'s inputs when not null) that {@code r} flags. */
    private static double share(AbstentionRule r, UnsureScores s, String group) {
        int k = 0, n = 0;
        for (int i = 0; i < s.size(); i++) {
            if (group != null && !group.equals(s.group.get(i))) continue;
            n++;
            if (s.flagged(r, i)) k++;
        }
        return n == 0 ? 0 : k / (double) n;
    }

    /**
     * One curve: for budgets 0–40 % of the calibration inputs, cuts chosen on calibration as the rule {@code kind}
     * would (0 top probability alone, 1 nearness alone, 2 the budget split half and half), scored on test and
     * unknown (scores only; the input check, which flags no test input, is left out of the curves).
     */
    private static UnsureChart.Curve curve(String name, Color colour, UnsureScores cal, UnsureScores test, UnsureScores unknown, int kind) {
        int steps = 160;
        double[] x = new double[steps + 1], y = new double[steps + 1];
        float[] cm = cal.msp(), cs = cal.similarity(), tm = test.msp(), ts = test.similarity(), um = unknown.msp(), us = unknown.similarity();
        for (int k = 0; k <= steps; k++) {
            double budget = 0.4 * k / steps;
            float c, s;
            if (kind == 0) {
                c = UnsureCalibration.lowerQuantile(cm, budget);
                s = Float.NEGATIVE_INFINITY;
            } else if (kind == 1) {
                c = Float.NEGATIVE_INFINITY;
                s = UnsureCalibration.lowerQuantile(cs, budget);
            } else {
                UnsureCalibration.Cuts cuts = UnsureCalibration.split(cm, cs, budget / 2, budget, "calibration");
                c = budget == 0 ? Float.NEGATIVE_INFINITY : cuts.confidence;
                s = budget == 0 ? Float.NEGATIVE_INFINITY : cuts.similarity;
            }
            x[k] = flaggedShare(tm, ts, c, s);
            y[k] = flaggedShare(um, us, c, s);
        }
        return new UnsureChart.Curve(name, colour, x, y);
    }

    private static double flaggedShare(float[] msp, float[] sim, float c, float s) {
        int k = 0;
        for (int i = 0; i < msp.length; i++) if (msp[i] < c || sim[i] < s) k++;
        return k / (double) msp.length;
    }

    private static List<String> distinct(List<String> v) {
        List<String> d = new ArrayList<>();
        for (String s : v) if (!d.contains(s)) d.add(s);
        return d;
    }
}
