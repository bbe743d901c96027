package org.localexpert.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Locale;
import org.localexpert.core.data.Batch;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Node;
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
        return "usage: localexpert evaluate --model M.tflite --data DIR [--json] [--label-map FOLDER=LABEL ...]\n"
                + "  DIR: an image folder DIR/<label>/*.png|jpg, or a folder of MNIST idx files (its t10k files are scored).\n"
                + "  A photo model (input [S, S, 3]) reads the photos at its own size, as the app does; --label-map renames folders.\n"
                + "  --json prints one JSON object (top-level \"accuracy\" in [0, 1]; for a mixture also \"gateToLe\").";
    }

    @Override
    public int run(Args args, PrintStream out) {
        String model = args.require("model");
        File dir = new File(args.require("data"));
        boolean json = args.flag("json");
        java.util.Map<String, String> labelMap = MoeFiles.labelMap(args.all("label-map"));
        args.rejectUnknown();
        MoeFiles.Loaded m = MoeFiles.read(Paths.get(model));
        int[] inShape = m.model.inputs().get(0).shape();
        // A photo model reads its folder the way it was trained and the app feeds it (PhotoPreprocessor
        // at the model's own input size); everything else is handwriting (28x28 grey, or MNIST idx files).
        Dataset data = MoeFiles.isPhotoShape(inShape) ? MoeFiles.loadPhotos(dir, inShape[0], m.labels, labelMap)
                : MoeFiles.relabel(MoeFiles.loadData(dir, labelMap), m.labels, model);
        if (data.isEmpty()) throw new UserError("no samples in " + dir);
        if (!java.util.Arrays.equals(inShape, data.shape())) {
            throw new UserError("the model takes inputs of shape " + java.util.Arrays.toString(inShape) + " but the data are "
                    + java.util.Arrays.toString(data.shape()));
        }
        Node out0 = m.model.outputs().get(0);
        boolean probabilities = m.isMixture() || (!out0.isInput() && out0.layer() instanceof Softmax);
        Evaluation.Builder eval = Evaluation.builder(m.labels);
        int k = m.labels.size(), toLe = 0;
        m.model.setThreads(1);
        for (int from = 0; from < data.size(); from += 256) {
            int to = Math.min(data.size(), from + 256);
            Batch b = data.batch(from, to);
            Tensor[] y = m.model.forward(false, b.inputs());
            float[] p = y[0].data();
            if (!probabilities) softmaxRows(p, b.size(), k);
            eval.addBatch(Tensor.of(p, b.size(), k), b.labels(), b.size());
            if (m.isMixture()) for (float g : y[1].data()) if (g > 0.5f) toLe++;
        }
        Evaluation e = eval.build();
        if (json) {
            String s = e.toJson();
            if (m.isMixture()) s = s.substring(0, s.length() - 1) + String.format(Locale.ROOT, ",\"gateToLe\":%.6f}", toLe / (double) data.size());
            out.println(s);
        } else {
            out.printf(Locale.ROOT, "%s on %s (%d samples)%s%n", model, dir, data.size(),
                    m.isMixture() ? String.format(Locale.ROOT, " — gate sent %.1f %% to the local expert", 100.0 * toLe / data.size()) : "");
            out.print(e.report());
        }
        return 0;
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
