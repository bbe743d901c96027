package org.localexpert.app.ui.plant;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.localexpert.core.explain.GradCam;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.train.PlantRecipes;

/**
 * Grad-CAM for the diagnose screen, on ml-core's Java engine copy of the active plant model (TFLite itself
 * cannot give gradients). The same recipe as {@code localexpert explain}: the last convolution, scored by
 * the GE's class logit; for a personal mixture whose local expert answered, the LE's probabilities instead
 * (the LE reads the GE's pooled features, so both maps come from the same convolution).
 *
 * <p>The model comes as the bytes {@code ModelRepository.activeBytes} returns (checked against the checksum
 * recorded at install); it is parsed once and kept until other bytes come. Calls are serialised (the
 * ml-core model holds its activations).
 */
final class PlantExplainer {
    /** The input side used when there is no model to read (the shipped plant GE's). */
    static final int DEFAULT_SIZE = PlantRecipes.IMAGE_SIZE;

    private byte[] loaded;
    private Model model;
    private int geClasses;

    /** The model's square input side; {@link #DEFAULT_SIZE} when {@code tflite} is empty. */
    synchronized int inputSize(byte[] tflite) throws IOException {
        if (tflite == null || tflite.length == 0) return DEFAULT_SIZE;
        return load(tflite).inputs().get(0).shape()[0];
    }

    /**
     * The heat map [size * size] for {@code classIndex} (the predicted class) on {@code input}, or null
     * when there is no model to explain.
     */
    synchronized GradCam.Result explain(byte[] tflite, float[] input, int classIndex, boolean localAnswered) throws IOException {
        if (tflite == null || tflite.length == 0) return null;
        Model m = load(tflite);
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

    private Model load(byte[] tflite) throws IOException {
        if (model != null && Arrays.equals(tflite, loaded)) return model;
        try {
            TfliteModel tm = TfliteReader.read(tflite);
            Model m = ModelImporter.toModel(tm);
            m.setThreads(1);
            LocalExpertMetadata meta = LocalExpertMetadata.read(tm);
            List<String> labels = meta == null ? null : meta.labels();
            int classes = m.outputs().get(0).shape()[m.outputs().get(0).shape().length - 1];
            String ge = meta == null ? null : meta.properties().get("ge_classes");
            geClasses = ge != null ? Integer.parseInt(ge) : labels != null && !labels.isEmpty() ? labels.size() : classes;
            model = m;
            loaded = tflite;
            return m;
        } catch (TfliteFormatException | IncompatibleModelException | RuntimeException e) {
            throw new IOException("cannot explain with the active plant model: " + e.getMessage(), e);
        }
    }
}
