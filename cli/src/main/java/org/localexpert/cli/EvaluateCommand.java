package org.localexpert.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.data.Batch;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Node;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.tensor.Tensor;

/** {@code localexpert evaluate}: accuracy, per-class report and confusion matrix of a GE or mixture on a labelled folder. */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score a GE or personal mixture .tflite on labelled data (report, confusion, --json)";
    }

    @Override
    public String usage() {
        return "usage: localexpert evaluate --model M.tflite (--data DIR | --unknown DIR | both) [--json] [--label-map FOLDER=LABEL ...]\n"
                + "  --data DIR     labelled: an image folder DIR/<label>/*.png|jpg, or a folder of MNIST idx files (its t10k files are scored).\n"
                + "  --unknown DIR  inputs of no class the model knows (searched recursively): how many it flags \"unsure\".\n"
                + "  A photo model (input [S, S, 3]) reads the photos at its own size, as the app does; --label-map renames folders.\n"
                + "  \"unsure\" is the model's own rule (its domain's input check and the threshold in its metadata), as in predict and the app.\n"
                + "  --json prints one JSON object (top-level \"accuracy\" in [0, 1]; for a mixture also \"gateToLe\"; \"unsure\",\n"
                + "  \"answeredAccuracy\"; with --unknown \"unknownUnsure\" and \"unknownTotal\").";
    }

    @Override
    public int run(Args args, PrintStream out) {
        String model = args.require("model");
        String dataArg = args.get("data", null), unknownArg = args.get("unknown", null);
        boolean json = args.flag("json");
        java.util.Map<String, String> labelMap = MoeFiles.labelMap(args.all("label-map"));
        args.rejectUnknown();
        if (dataArg == null && unknownArg == null) throw new UserError("give --data DIR (labelled samples), --unknown DIR (inputs of no known class), or both");
        MoeFiles.Loaded m = MoeFiles.read(Paths.get(model));
        int[] inShape = m.model.inputs().get(0).shape();
        AbstentionRule rule = Classifier.ruleOf(m.metadata, MoeFiles.domainOf(m));
        m.model.setThreads(1);
        StringBuilder jsonOut = new StringBuilder();
        if (dataArg != null) {
            File dir = new File(dataArg);
            // A photo model reads its folder the way it was trained and the app feeds it (PhotoPreprocessor
            // at the model's own input size); everything else is handwriting (28x28 grey, or MNIST idx files).
            Dataset data = MoeFiles.isPhotoShape(inShape) ? MoeFiles.loadPhotos(dir, inShape[0], m.labels, labelMap)
                    : MoeFiles.relabel(MoeFiles.loadData(dir, labelMap), m.labels, model);
            if (data.isEmpty()) throw new UserError("no samples in " + dir);
            checkShape(inShape, data.shape());
            Evaluation.Builder eval = Evaluation.builder(m.labels);
            Outcomes o = new Outcomes();
            forEachBatch(m, rule, data, (p, labels, n) -> eval.addBatch(Tensor.of(p, n, m.labels.size()), labels, n), o);
            Evaluation e = eval.build();
            String unsureLine = String.format(Locale.ROOT, "unsure: %d of %d (%.1f %%); accuracy on answered: %s", o.unsure, data.size(),
                    100.0 * o.unsure / data.size(), o.answered == 0 ? "n/a (none answered)" : String.format(Locale.ROOT, "%.2f %%", 100.0 * o.answeredRight / o.answered));
            if (json) {
                String s = e.toJson();
                StringBuilder extra = new StringBuilder();
                if (m.isMixture()) extra.append(String.format(Locale.ROOT, ",\"gateToLe\":%.6f", o.toLe / (double) data.size()));
                extra.append(String.format(Locale.ROOT, ",\"unsure\":%d,\"unsureShare\":%.6f,\"answeredAccuracy\":%s", o.unsure, o.unsure / (double) data.size(),
                        o.answered == 0 ? "null" : String.format(Locale.ROOT, "%.6f", o.answeredRight / (double) o.answered)));
                jsonOut.append(s, 0, s.length() - 1).append(extra);
            } else {
                out.printf(Locale.ROOT, "%s on %s (%d samples)%s%n", model, dir, data.size(),
                        m.isMixture() ? String.format(Locale.ROOT, " — gate sent %.1f %% to the local expert", 100.0 * o.toLe / data.size()) : "");
                out.print(e.report());
                out.println(unsureLine + " (" + rule.threshold() + ")");
            }
        }
        if (unknownArg != null) {
            File dir = new File(unknownArg);
            Dataset unknown = unknownInputs(dir, inShape);
            Outcomes o = new Outcomes();
            forEachBatch(m, rule, unknown, (p, labels, n) -> { }, o);
            if (json) {
                if (jsonOut.length() == 0) jsonOut.append('{'); else jsonOut.append(',');
                jsonOut.append(String.format(Locale.ROOT, "\"unknownUnsure\":%d,\"unknownTotal\":%d,\"unknownUnsureShare\":%.6f", o.unsure, unknown.size(),
                        o.unsure / (double) unknown.size()));
            } else {
                out.printf(Locale.ROOT, "inputs of no known class in %s: unsure: %d of %d (%.1f %%)%n", dir, o.unsure, unknown.size(), 100.0 * o.unsure / unknown.size());
            }
        }
        if (json) out.println(jsonOut.append('}'));
        return 0;
    }

    /** Counts of one pass over a data set: flagged unsure, answered, answered right, sent to the LE. */
    private static final class Outcomes {
        int unsure, answered, answeredRight, toLe;
    }

    private interface BatchSink {
        void accept(float[] probabilities, int[] labels, int n);
    }

    /** Runs the model over {@code data} in batches, applying its abstention rule to every input. */
    private static void forEachBatch(MoeFiles.Loaded m, AbstentionRule rule, Dataset data, BatchSink sink, Outcomes o) {
        Node out0 = m.model.outputs().get(0);
        boolean probabilities = m.isMixture() || (!out0.isInput() && out0.layer() instanceof Softmax);
        int k = m.labels.size();
        int[] s = data.shape();
        for (int from = 0; from < data.size(); from += 256) {
            int to = Math.min(data.size(), from + 256);
            Batch b = data.batch(from, to);
            Tensor[] y = m.model.forward(false, b.inputs());
            float[] p = y[0].data();
            if (!probabilities) softmaxRows(p, b.size(), k);
            for (int i = 0; i < b.size(); i++) {
                float[] row = java.util.Arrays.copyOfRange(p, i * k, (i + 1) * k);
                AbstentionRule.Decision d = rule.decide(data.get(from + i).features(), s[0], s[1], s[2], row);
                if (d.unsure()) {
                    o.unsure++;
                } else {
                    o.answered++;
                    if (d.label() == b.labels()[i]) o.answeredRight++;
                }
            }
            sink.accept(p, b.labels(), b.size());
            if (m.isMixture()) for (float g : y[1].data()) if (g > 0.5f) o.toLe++;
        }
    }

    private static void checkShape(int[] inShape, int[] dataShape) {
        if (!java.util.Arrays.equals(inShape, dataShape)) {
            throw new UserError("the model takes inputs of shape " + java.util.Arrays.toString(inShape) + " but the data are "
                    + java.util.Arrays.toString(dataShape));
        }
    }

    /** Every image under {@code dir} (any depth), prepared as the model's domain prepares an input; labels are meaningless (-1 never matches). */
    private static Dataset unknownInputs(File dir, int[] inShape) {
        if (!dir.isDirectory()) throw new UserError("not a folder: " + dir);
        java.util.List<File> files = new java.util.ArrayList<>();
        collectImages(dir, files);
        if (files.isEmpty()) throw new UserError("no .png/.jpg images anywhere under " + dir);
        org.localexpert.core.data.ImagePreprocessor prep = MoeFiles.isPhotoShape(inShape)
                ? new org.localexpert.core.data.PhotoPreprocessor(inShape[0]) : new org.localexpert.core.data.HandwritingImages();
        org.localexpert.host.ImageIoDecoder decoder = new org.localexpert.host.ImageIoDecoder();
        java.util.List<org.localexpert.core.data.Example> ex = new java.util.ArrayList<>();
        for (File f : files) {
            try {
                ex.add(new org.localexpert.core.data.Example(prep.apply(decoder.decode(f, prep.decodeTarget())), prep.shape(), 0, f.getPath()));
            } catch (org.localexpert.core.data.DataException e) {
                throw new UserError(f.getPath() + ": " + e.getMessage());
            }
        }
        Dataset d = new Dataset(ex, java.util.Collections.singletonList("unknown"), prep.shape());
        checkShape(inShape, d.shape());
        return d;
    }

    private static void collectImages(File dir, java.util.List<File> into) {
        File[] all = dir.listFiles();
        if (all == null) return;
        java.util.Arrays.sort(all);
        for (File f : all) {
            if (f.isDirectory() && !f.getName().startsWith(".")) collectImages(f, into);
            else if (org.localexpert.core.data.ImageFolderDataset.isImageFile(f)) into.add(f);
        }
    }

    static void softmaxRows(float[] z, int rows, int k) {
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, z[r * k + j]);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.exp(z[r * k + j] - max);
            for (int j = 0; j < k; j++) z[r * k + j] = (float) (Math.exp(z[r * k + j] - max) / sum);
        }
    }
}
