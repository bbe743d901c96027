package org.localexpert.app.ui.plant;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.localexpert.core.explain.GradCam;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelFile;
import org.localexpert.core.tflite.TfliteFormatException;

/**
 * Grad-CAM for the diagnose screen, on ml-core's Java engine copy of the active plant model (TFLite itself
 * cannot give gradients). The same recipe as {@code localexpert explain}: the last convolution, scored by
 * the GE's class logit; for a personal mixture whose local expert answered, the LE's probabilities instead
 * (the LE reads the GE's pooled features, so both maps come from the same convolution).
 *
 * <p>The model is read once per file and kept; calls are serialised (the ml-core model holds activations).
 */
final class PlantExplainer {
    /** The input side used when no model file is at hand (the shipped plant GE's). */
    static final int DEFAULT_SIZE = 128;

    private File loaded;
    private long loadedStamp;
    private Model model;
    private int geClasses;

    /** The model's square input side, reading the model if needed; {@link #DEFAULT_SIZE} when {@code file} is null. */
    synchronized int inputSize(File file) throws IOException {
        if (file == null) return DEFAULT_SIZE;
        return load(file).inputs().get(0).shape()[0];
    }

    /**
     * The heat map [size * size] for {@code classIndex} (the predicted class) on {@code input}, or null
     * when there is no model file to explain.
     */
    synchronized GradCam.Result explain(File file, float[] input, int classIndex, boolean localAnswered) throws IOException {
        if (file == null) return null;
        Model m = load(file);
        int[] shape = m.inputs().get(0).shape();
        Tensor x = Tensor.of(input, 1, shape[0], shape[1], shape[2]);
        String conv = GradCam.lastConvolution(m);
        if (m.outputs().size() != Mixture.OUTPUT_NAMES.size()) {
            return GradCam.explain(m, x, conv, m.outputs().get(0).name(), classIndex);
        }
        if (localAnswered) {
            return GradCam.explain(m, x, conv, m.outputs().get(Mixture.LE_PROBABILITIES).name(), classIndex);
        }
        // The GE's own probabilities feed the GE_PROBABILITIES output (a reshape or a zero padding to the union).
        String geProbs = m.outputs().get(Mixture.GE_PROBABILITIES).inputs().get(0).name();
        return GradCam.explain(m, x, conv, geProbs, classIndex < geClasses ? classIndex : -1);
    }

    private Model load(File file) throws IOException {
        if (model != null && file.equals(loaded) && file.lastModified() == loadedStamp) return model;
        try {
            ModelFile mf = ModelFile.load(file.toPath());
            Model m = mf.toModel();
            m.setThreads(1);
            LocalExpertMetadata meta = mf.metadata();
            List<String> labels = meta == null ? null : meta.labels();
            int classes = m.outputs().get(0).shape()[m.outputs().get(0).shape().length - 1];
            String ge = meta == null ? null : meta.properties().get("ge_classes");
            geClasses = ge != null ? Integer.parseInt(ge) : labels != null ? labels.size() : classes;
            model = m;
            loaded = file;
            loadedStamp = file.lastModified();
            return m;
        } catch (TfliteFormatException | IncompatibleModelException | RuntimeException e) {
            throw new IOException("cannot explain with " + file.getName() + ": " + e.getMessage(), e);
        }
    }
}
