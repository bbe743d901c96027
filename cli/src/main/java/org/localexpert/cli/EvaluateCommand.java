package org.localexpert.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.HandwritingImages;
import org.localexpert.core.data.ImageFolderSource;
import org.localexpert.core.data.ImagePreprocessor;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Node;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.host.ImageIoDecoder;

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
        return "usage: localexpert evaluate --model M.tflite (--data DIR | --unknown DIR | both) [--json] [--label-map FOLDER=LABEL ...] [--ge GE.tflite]\n"
                + "  --data DIR     labelled: an image folder DIR/<label>/*.png|jpg, or a folder of MNIST idx files (its t10k files are scored).\n"
                + "  --unknown DIR  inputs of no class the model knows (searched recursively): how many it flags \"unsure\".\n"
                + "  A photo model (input [S, S, 3]) reads the photos at its own size, as the app does; --label-map renames folders.\n"
                + "  \"unsure\" is the model's own rule (its domain's input check, the threshold in its metadata and, when the metadata\n"
                + "  has unfamiliar_below, nearness of the GE's features to the replay bank and the user's taught samples), as in predict.\n"
                + "  For a personal mixture that check runs the GE: --ge, else models/<domain>/<domain>-ge.tflite.\n"
                + "  --json prints one JSON object (top-level \"accuracy\" in [0, 1]; for a mixture also \"gateToLe\"; \"unsure\",\n"
                + "  \"answeredAccuracy\"; with --unknown \"unknownUnsure\" and \"unknownTotal\").";
    }

    @Override
    public int run(Args args, PrintStream out) {
        String model = args.require("model");
        String dataArg = args.get("data", null), unknownArg = args.get("unknown", null);
        boolean json = args.flag("json");
        java.util.Map<String, String> labelMap = MoeFiles.labelMap(args.all("label-map"));
        String geArg = args.get("ge", null);
        args.rejectUnknown();
        if (dataArg == null && unknownArg == null) throw new UserError("give --data DIR (labelled samples), --unknown DIR (inputs of no known class), or both");
        MoeFiles.Loaded m = MoeFiles.read(Paths.get(model));
        org.localexpert.core.moe.Domain domain = MoeFiles.domainOf(m);
        try (UnsureRuleFiles unsure = UnsureRuleFiles.open(m, Paths.get(model), domain, Classifier.ruleOf(m.metadata, domain).threshold(), geArg)) {
            return run(m, model, unsure, dataArg, unknownArg, json, labelMap, out);
        }
    }

    private int run(MoeFiles.Loaded m, String model, UnsureRuleFiles unsure, String dataArg, String unknownArg, boolean json,
                    java.util.Map<String, String> labelMap, PrintStream out) {
        int[] inShape = m.model.inputs().get(0).shape();
        AbstentionRule rule = unsure.rule;
        m.model.setThreads(1);
        StringBuilder jsonOut = new StringBuilder();
        if (dataArg != null) {
            File dir = new File(dataArg);
            // A photo model reads its folder the way it was trained and the app feeds it (PhotoPreprocessor
            // at the model's own input size); everything else is handwriting (28x28 grey, or MNIST idx files).
            // Photos are decoded one at a time as they are scored (a folder of camera photos does not fit in memory
            // together); drawings and MNIST files are small and come as a data set.
            SampleSource data = MoeFiles.isPhotoShape(inShape) ? photos(dir, inShape[0], labelMap)
                    : SampleSource.of(MoeFiles.loadData(dir, labelMap));
            if (data.size() == 0) throw new UserError("no samples in " + dir);
            checkShape(inShape, data.shape());
            int[] toModel = modelLabels(data.labelNames(), data.classCounts(), m.labels, model);
            Evaluation.Builder eval = Evaluation.builder(m.labels);
            Outcomes o = new Outcomes();
            forEachBatch(m, unsure, data, toModel, (p, labels, n) -> eval.addBatch(Tensor.of(p, n, m.labels.size()), labels, n), o);
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
                out.println(unsureLine + " (" + rule.threshold() + (rule.familiarity() == null ? "" : "; " + rule.familiarity()) + ")");
            }
        }
        if (unknownArg != null) {
            File dir = new File(unknownArg);
            SampleSource unknown = unknownInputs(dir, inShape);
            Outcomes o = new Outcomes();
            forEachBatch(m, unsure, unknown, new int[] {-1}, (p, labels, n) -> { }, o);
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

    /**
     * Input values a batch may hold: 256 drawings, but only a few photos (a batch of 256 photos at 288 px, with the
     * activations the Java engine keeps for it, needs gigabytes).
     */
    static final int BATCH_VALUES = 1 << 20;

    /**
     * Runs the model over {@code data} in small batches, loading each input as its batch comes, and applies the
     * abstention rule to every input; {@code toModel} maps the data's label indices to the model's.
     */
    private static void forEachBatch(MoeFiles.Loaded m, UnsureRuleFiles unsure, SampleSource data, int[] toModel, BatchSink sink, Outcomes o) {
        AbstentionRule rule = unsure.rule;
        Node out0 = m.model.outputs().get(0);
        boolean probabilities = m.isMixture() || (!out0.isInput() && out0.layer() instanceof Softmax);
        int k = m.labels.size();
        int[] s = data.shape();
        int size = s[0] * s[1] * s[2];
        int batch = Math.max(1, Math.min(256, BATCH_VALUES / size));
        for (int from = 0; from < data.size(); from += batch) {
            int n = Math.min(data.size(), from + batch) - from;
            float[] inputs = new float[n * size];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                float[] x;
                try {
                    x = data.load(from + i);
                } catch (DataException e) {
                    throw new UserError(data.name(from + i) + ": " + e.getMessage());
                }
                System.arraycopy(x, 0, inputs, i * size, size);
                labels[i] = toModel[data.label(from + i)];
            }
            Tensor[] y = m.model.forward(false, Tensor.of(inputs, n, s[0], s[1], s[2]));
            float[] p = y[0].data();
            if (!probabilities) softmaxRows(p, n, k);
            for (int i = 0; i < n; i++) {
                float[] row = java.util.Arrays.copyOfRange(p, i * k, (i + 1) * k);
                float[] x = java.util.Arrays.copyOfRange(inputs, i * size, (i + 1) * size);
                AbstentionRule.Decision d = rule.decide(x, s[0], s[1], s[2], row, unsure.features(x));
                if (d.unsure()) {
                    o.unsure++;
                } else {
                    o.answered++;
                    if (d.label() == labels[i]) o.answeredRight++;
                }
            }
            sink.accept(p, labels, n);
            if (m.isMixture()) for (float g : y[1].data()) if (g > 0.5f) o.toLe++;
        }
    }

    /** A folder of leaf photos ({@code DIR/<label>/*.jpg}), read one photo at a time at the model's input size. */
    private static SampleSource photos(File dir, int size, java.util.Map<String, String> labelMap) {
        if (!dir.isDirectory()) throw new UserError("not a folder: " + dir);
        try {
            return ImageFolderSource.open(dir, new PhotoPreprocessor(size), new ImageIoDecoder(), labelMap);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The model's index of each of the data's labels; a label with samples that the model lacks is a user error. */
    static int[] modelLabels(java.util.List<String> dataLabels, int[] counts, java.util.List<String> modelLabels, String modelName) {
        int[] to = new int[dataLabels.size()];
        java.util.List<String> unknown = new java.util.ArrayList<>();
        for (int j = 0; j < to.length; j++) {
            to[j] = modelLabels.indexOf(dataLabels.get(j));
            if (to[j] < 0 && counts[j] > 0) unknown.add(dataLabels.get(j));
        }
        if (!unknown.isEmpty()) {
            throw new UserError("labels " + unknown + " are not classes of " + modelName + " " + modelLabels
                    + " — rename the folders or map them with --label-map FOLDER=LABEL");
        }
        return to;
    }

    private static void checkShape(int[] inShape, int[] dataShape) {
        if (!java.util.Arrays.equals(inShape, dataShape)) {
            throw new UserError("the model takes inputs of shape " + java.util.Arrays.toString(inShape) + " but the data are "
                    + java.util.Arrays.toString(dataShape));
        }
    }

    /** Every image under {@code dir} (any depth), prepared as the model's domain prepares an input when it is scored. */
    private static SampleSource unknownInputs(File dir, int[] inShape) {
        if (!dir.isDirectory()) throw new UserError("not a folder: " + dir);
        java.util.List<File> files = new java.util.ArrayList<>();
        collectImages(dir, files);
        if (files.isEmpty()) throw new UserError("no .png/.jpg images anywhere under " + dir);
        ImagePreprocessor prep = MoeFiles.isPhotoShape(inShape) ? new PhotoPreprocessor(inShape[0]) : new HandwritingImages();
        ImageIoDecoder decoder = new ImageIoDecoder();
        checkShape(inShape, prep.shape());
        return new SampleSource() {
            @Override public int size() { return files.size(); }
            @Override public java.util.List<String> labelNames() { return java.util.Collections.singletonList("unknown"); }
            @Override public int label(int i) { return 0; }
            @Override public int[] shape() { return prep.shape(); }
            @Override public float[] load(int i) { return prep.apply(decoder.decode(files.get(i), prep.decodeTarget())); }
            @Override public String name(int i) { return files.get(i).getPath(); }
        };
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
