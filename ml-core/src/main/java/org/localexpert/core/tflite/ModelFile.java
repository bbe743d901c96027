package org.localexpert.core.tflite;

import java.io.IOException;
import java.nio.file.Path;
import org.localexpert.core.model.Model;

/**
 * A {@code .tflite} file as LocalExpert uses it: the file's graph, its LocalExpert metadata, and
 * (when the Java engine can run it) the ml-core model. {@link #save} is what training commands call
 * to write a model; {@link #load} is what predicting and evaluating code calls to read one.
 */
public final class ModelFile {
    private final TfliteModel tflite;
    private final LocalExpertMetadata metadata;

    private ModelFile(TfliteModel tflite, LocalExpertMetadata metadata) {
        this.tflite = tflite;
        this.metadata = metadata;
    }

    /** Exports {@code model} (BatchNorm folded), stores {@code metadata} in it and writes it atomically. */
    public static TfliteModel save(Model model, LocalExpertMetadata metadata, Path file) throws IOException {
        TfliteModel t = ModelExporter.export(model);
        if (metadata != null) metadata.writeTo(t);
        TfliteWriter.write(t, file);
        return t;
    }

    /** Reads and verifies a file; metadata is null when the file has none (e.g. converter-made). */
    public static ModelFile load(Path file) throws IOException, TfliteFormatException {
        TfliteModel t = TfliteReader.read(file);
        return new ModelFile(t, LocalExpertMetadata.read(t));
    }

    public TfliteModel tflite() {
        return tflite;
    }

    public LocalExpertMetadata metadata() {
        return metadata;
    }

    /** {@link GeHash} of this file, for a GE: what personal models record and are checked against. */
    public String geHash() {
        return GeHash.of(tflite);
    }

    /** The graph as an ml-core model for the Java engine (inference, Grad-CAM, features). */
    public Model toModel() throws IncompatibleModelException {
        return ModelImporter.toModel(tflite);
    }
}
