package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code localexpert predict}: one image → label, probability, which expert answered, gate, and
 * "unsure" with its reason — through {@link Classifier}, the same code the app predicts with.
 *
 * <p>The preprocessing follows the model: its metadata's domain ("plant" → {@link PhotoPreprocessor}
 * at the input size, "handwriting" → the MNIST recipe), or, without metadata, its input shape
 * (3 channels → photo, 28×28×1 → handwriting).
 */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "predict one image (handwriting or leaf photo): label, probability, which expert answered, gate, unsure";
    }

    @Override
    public String usage() {
        return "usage: localexpert predict --model M.tflite --image FILE.png|jpg [--unsure-below P] [--engine java|tflite]\n"
                + "  A handwriting model gets the app's handwriting preprocessing (any size, any polarity); a plant model\n"
                + "  gets the whole photo squeezed to its input size (the domain comes from the model's metadata).\n"
                + "  Prints \"unsure: <reason>\" when the top probability is below P (default: the model's calibrated\n"
                + "  threshold, else " + AbstentionRule.DEFAULT_UNSURE_BELOW + "), the canvas is blank or the photo is not a leaf.\n"
                + "  --engine  java = the ml-core engine (default, runs anywhere); tflite = real TensorFlow Lite on this host";
    }

    @Override
    public int run(Args args, PrintStream out) {
        String modelPath = args.require("model");
        File image = new File(args.require("image"));
        double unsureBelow = args.getDouble(Unsure.FLAG, Double.NaN);
        String engineName = args.get("engine", "java");
        args.rejectUnknown();
        if (!engineName.equals("java") && !engineName.equals("tflite")) throw new UserError("--engine must be java or tflite, got '" + engineName + "'");
        MoeFiles.Loaded m = MoeFiles.read(Paths.get(modelPath));
        int[] shape = m.model.inputs().get(0).shape();
        Domain domain = domainOf(m, shape, modelPath);
        ConfidenceThreshold threshold = Unsure.threshold(unsureBelow, m.metadata);
        float[] input = preprocess(image, domain, shape);
        InferenceEngine engine = engineName.equals("tflite") ? openTflite(Paths.get(modelPath)) : new JavaEngine(m.model, new InferenceOptions().threads(1));
        try (Classifier c = new Classifier(engine, m.labels, domain.id(), domain.abstentionRule(threshold))) {
            Prediction p = c.classify(input);
            out.println(p);
            if (!c.isMixture()) out.println("(a global expert alone: no personal model)");
            out.printf(Locale.ROOT, "engine %s, %.2f ms%n", c.backend(), p.nanos() / 1e6);
        } catch (IllegalArgumentException e) {
            throw new UserError(modelPath + ": " + e.getMessage());
        }
        return 0;
    }

    /** The metadata's domain, else what the input shape says. */
    static Domain domainOf(MoeFiles.Loaded m, int[] shape, String modelPath) {
        Domain named = m.metadata != null ? Domain.named(m.metadata.domain()) : null;
        if (named != null) return named;
        if (MoeFiles.isPhotoShape(shape)) return Domain.PLANT;
        if (Arrays.equals(shape, HandwritingPreprocessor.SHAPE)) return Domain.HANDWRITING;
        throw new UserError(modelPath + " takes inputs of shape " + Arrays.toString(shape)
                + ": neither a 28x28 handwriting model nor a square RGB photo model");
    }

    /** The model input for {@code image}: one preprocessing per domain, the same as the app's. */
    static float[] preprocess(File image, Domain domain, int[] shape) {
        try {
            if (domain == Domain.PLANT) {
                if (!MoeFiles.isPhotoShape(shape)) {
                    throw new UserError("a plant model must take square RGB photos, this one takes " + Arrays.toString(shape));
                }
                PhotoPreprocessor pre = new PhotoPreprocessor(shape[0]);
                return pre.apply(new ImageIoDecoder().decode(image, pre.decodeTarget()));
            }
            if (!Arrays.equals(shape, HandwritingPreprocessor.SHAPE)) {
                throw new UserError("the model takes inputs of shape " + Arrays.toString(shape) + ", not a 28x28 handwriting image");
            }
            DecodedImage img = new ImageIoDecoder().decode(image, 0);
            return HandwritingPreprocessor.fromArgb(img.argb(), img.width(), img.height());
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Real TFLite on this host (its native library must load). */
    private static InferenceEngine openTflite(Path model) {
        try {
            return HostTfliteEngine.open(model, new InferenceOptions().threads(1).xnnpack(true));
        } catch (IOException | TfliteFormatException e) {
            throw new UserError("TFLite cannot open " + model + ": " + e.getMessage());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new UserError("real TFLite is not available on this host (" + e.getMessage() + "); use --engine java");
        }
    }
}
