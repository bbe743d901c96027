package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.explain.GradCam;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.host.HeatmapImage;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code localexpert explain}: Grad-CAM on the model's last convolution, written as the photo with
 * the heat map over it. For a personal mixture it explains the GE and, when the LE answered, the LE
 * too (the LE reads the GE's pooled features, so both maps come from the same convolution).
 */
final class ExplainCommand implements Command {
    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "Grad-CAM: where in the image the model sees its answer, as a PNG heat map";
    }

    @Override
    public String usage() {
        return "usage: localexpert explain --model M.tflite --image FILE --out HEAT.png [--class LABEL]\n"
                + "  Writes the image with a heat map (red = evidence for the class) of the model's last convolution.\n"
                + "  --class   explain this label instead of the predicted one\n"
                + "  For a personal mixture whose local expert answered, its map goes to HEAT-le.png.\n"
                + "  Photos are squeezed whole to the model's input, so the map lines up with the photo; a handwriting\n"
                + "  model sees the digit cropped and centred, so there the map is only a rough guide over the original.";
    }

    @Override
    public int run(Args args, PrintStream out) {
        String modelPath = args.require("model");
        File imageFile = new File(args.require("image"));
        File outFile = new File(args.require("out"));
        String label = args.get("class", null);
        args.rejectUnknown();
        MoeFiles.Loaded m = MoeFiles.read(Paths.get(modelPath));
        int classIndex = -1;
        if (label != null) {
            classIndex = m.labels.indexOf(label);
            if (classIndex < 0) throw new UserError("--class " + label + " is not a label of " + modelPath + " " + m.labels);
        }
        DecodedImage photo;
        try {
            photo = new ImageIoDecoder().decode(imageFile, 0);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        Model model = m.model;
        model.setThreads(1);
        Tensor input = modelInput(model, photo, modelPath);

        if (!m.isMixture()) {
            GradCam.Result r = explain(model, input, model.outputs().get(0).name(), classIndex, m.labels.size(), modelPath);
            report(out, "model", m.labels.get(r.classIndex), probability(model, input, 0, r.classIndex), r, outFile);
            write(photo, r, outFile);
            return 0;
        }
        // A mixture: the GE's probabilities feed the GE_PROBABILITIES output (a reshape or a 0/1 padding).
        Tensor[] y = model.forward(false, input);
        float gate = y[Mixture.GATE].data()[0];
        int kge = m.geClasses();
        String geProbs = model.outputs().get(Mixture.GE_PROBABILITIES).inputs().get(0).name();
        if (classIndex < kge) {
            GradCam.Result ge = explain(model, input, geProbs, classIndex, kge, modelPath);
            float p = model.output(geProbs).data()[ge.classIndex];
            report(out, "global expert", m.labels.get(ge.classIndex), p, ge, outFile);
            write(photo, ge, outFile);
        } else {
            out.println("global expert: '" + label + "' is not one of its classes; no GE map");
        }
        if (gate > 0.5f) {
            File leOut = siblingWithSuffix(outFile, "-le");
            String leProbs = model.outputs().get(Mixture.LE_PROBABILITIES).name();
            GradCam.Result le = explain(model, input, leProbs, classIndex, m.labels.size(), modelPath);
            float p = model.output(leProbs).data()[le.classIndex];
            out.printf(Locale.ROOT, "the local expert answered (gate %.4f)%n", gate);
            report(out, "local expert", m.labels.get(le.classIndex), p, le, leOut);
            write(photo, le, leOut);
        } else {
            out.printf(Locale.ROOT, "the global expert answered (gate %.4f)%n", gate);
        }
        return 0;
    }

    /** The photo preprocessed as the model's domain expects: 28x28x1 handwriting, or an S x S RGB photo. */
    private static Tensor modelInput(Model model, DecodedImage photo, String modelPath) {
        int[] shape = model.inputs().get(0).shape();
        try {
            if (Arrays.equals(shape, HandwritingPreprocessor.SHAPE)) {
                return Tensor.of(HandwritingPreprocessor.fromArgb(photo.argb(), photo.width(), photo.height()), 1, 28, 28, 1);
            }
            if (shape.length == 3 && shape[0] == shape[1] && shape[2] == 3) {
                return Tensor.of(PhotoPreprocessor.toModelInput(photo.argb(), photo.width(), photo.height(), shape[0]), 1, shape[0], shape[1], 3);
            }
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        throw new UserError(modelPath + " takes inputs of shape " + Arrays.toString(shape) + ": neither a handwriting nor a photo model");
    }

    private static GradCam.Result explain(Model model, Tensor input, String probs, int classIndex, int classes, String modelPath) {
        try {
            return GradCam.explain(model, input, GradCam.lastConvolution(model), probs, classIndex < classes ? classIndex : -1);
        } catch (IllegalArgumentException e) {
            throw new UserError(modelPath + " cannot be explained with Grad-CAM: " + e.getMessage());
        }
    }

    /** Probability of class j at output {@code output} (softmaxed if the model outputs logits). */
    private static float probability(Model model, Tensor input, int output, int j) {
        float[] p = model.forward(false, input)[output].data().clone();
        if (!(model.outputs().get(output).layer() instanceof org.localexpert.core.layer.Softmax)) EvaluateCommand.softmaxRows(p, 1, p.length);
        return p[j];
    }

    private static void report(PrintStream out, String who, String label, float p, GradCam.Result r, File file) {
        out.printf(Locale.ROOT, "%s: label %s  probability %.4f  conv layer %s (%dx%d)  score %s  heat map %s%n", who, label, p,
                r.convNode, r.coarseHeight, r.coarseWidth, r.scoreIsLogit ? "logit '" + r.scoreNode + "'" : "probability", file);
    }

    private static void write(DecodedImage photo, GradCam.Result r, File file) {
        try {
            HeatmapImage.writePng(photo.argb(), photo.width(), photo.height(), r.heat, r.height, r.width, file);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static File siblingWithSuffix(File f, String suffix) {
        String n = f.getName();
        int dot = n.lastIndexOf('.');
        String name = dot > 0 ? n.substring(0, dot) + suffix + n.substring(dot) : n + suffix + ".png";
        return new File(f.getAbsoluteFile().getParentFile(), name);
    }
}
