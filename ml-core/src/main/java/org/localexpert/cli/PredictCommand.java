package org.localexpert.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Locale;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.host.ImageIoDecoder;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.tensor.Tensor;

/** {@code localexpert predict}: one image → label, probability, which expert answered, gate value. */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "predict one handwriting image: label, probability, which expert answered, gate";
    }

    @Override
    public String usage() {
        return "usage: localexpert predict --model M.tflite --image FILE.png|jpg [--unsure-below P]\n"
                + "  The image goes through the app's handwriting preprocessing (any size, any polarity).\n"
                + "  Prints \"unsure\" and why when the top probability is below P (default: the model's calibrated\n"
                + "  threshold, else " + org.localexpert.core.abstain.AbstentionRule.DEFAULT_UNSURE_BELOW + ") or the canvas is blank.";
    }

    @Override
    public int run(Args args, PrintStream out) {
        String model = args.require("model");
        File image = new File(args.require("image"));
        double unsureBelow = args.getDouble(Unsure.FLAG, Double.NaN);
        args.rejectUnknown();
        MoeFiles.Loaded m = MoeFiles.read(Paths.get(model));
        float[] digit;
        try {
            DecodedImage img = new ImageIoDecoder().decode(image, 0);
            digit = HandwritingPreprocessor.fromArgb(img.argb(), img.width(), img.height());
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        int[] shape = m.model.inputs().get(0).shape();
        if (!java.util.Arrays.equals(shape, HandwritingPreprocessor.SHAPE)) {
            throw new UserError(model + " takes inputs of shape " + java.util.Arrays.toString(shape) + ", not a 28x28 handwriting image");
        }
        m.model.setThreads(1);
        Tensor[] y = m.model.forward(false, Tensor.of(digit, 1, 28, 28, 1));
        float[] p = y[0].data().clone();
        if (!m.isMixture() && !(m.model.outputs().get(0).layer() instanceof org.localexpert.core.layer.Softmax)) {
            EvaluateCommand.softmaxRows(p, 1, p.length);
        }
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        if (m.isMixture()) {
            float gate = y[Mixture.GATE].data()[0];
            String who = gate > 0.5f ? "local expert (yours)" : "global expert";
            out.printf(Locale.ROOT, "label %s  probability %.4f  answered by the %s  gate %.4f%n", m.labels.get(best), p[best], who, gate);
        } else {
            out.printf(Locale.ROOT, "label %s  probability %.4f  answered by the global expert (no personal model)%n", m.labels.get(best), p[best]);
        }
        Unsure.print(org.localexpert.core.abstain.AbstentionRule.forHandwriting(Unsure.threshold(unsureBelow, m.metadata))
                .decide(digit, 28, 28, 1, p), out);
        return 0;
    }
}
