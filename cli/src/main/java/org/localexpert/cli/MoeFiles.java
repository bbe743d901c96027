package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.HandwritingFolder;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.MixtureFile;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.host.ImageIoDecoder;

/**
 * What the handwriting commands share: reading a .tflite (GE or mixture) into an ml-core model with
 * its labels, writing a mixture as one .tflite with its metadata, and loading a data folder — each
 * failure turned into a one-line {@link UserError}.
 */
public final class MoeFiles {
    private MoeFiles() {}

    /** The generic replay sample's file name beside a GE (written by {@code write-replay}). */
    static final String REPLAY_FILE = "replay.bin";

    /** The replay sample shipped next to {@code ge} ({@code replay.bin} in its folder), or null when there is none. */
    static Path replayNextTo(Path ge) {
        Path dir = ge.toAbsolutePath().getParent();
        if (dir == null) return null;
        Path replay = dir.resolve(REPLAY_FILE);
        return Files.isRegularFile(replay) ? replay : null;
    }

    /** A model read from a .tflite, with its labels and metadata. */
    public static final class Loaded {
        final TfliteModel file;
        final Model model;
        final LocalExpertMetadata metadata;
        final List<String> labels;

        Loaded(TfliteModel file, Model model, LocalExpertMetadata metadata, List<String> labels) {
            this.file = file;
            this.model = model;
            this.metadata = metadata;
            this.labels = labels;
        }

        boolean isMixture() {
            return model.outputs().size() == 4;
        }

        int geClasses() {
            if (metadata != null && metadata.properties().containsKey(MixtureFile.GE_CLASSES)) {
                return Integer.parseInt(metadata.properties().get(MixtureFile.GE_CLASSES));
            }
            return labels.size();
        }
    }

    public static Loaded read(Path path) {
        if (!Files.isRegularFile(path)) throw new UserError("no such model file: " + path);
        TfliteModel file;
        Model model;
        LocalExpertMetadata meta;
        try {
            file = TfliteReader.read(path);
            meta = LocalExpertMetadata.read(file);
            model = ModelImporter.toModel(file);
        } catch (TfliteFormatException e) {
            throw new UserError("not a usable .tflite file: " + path + ": " + e.getMessage());
        } catch (IncompatibleModelException e) {
            throw new UserError(path + " uses something the Java engine cannot run: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
        int classes = model.outputs().get(0).shape()[model.outputs().get(0).shape().length - 1];
        List<String> labels;
        if (meta != null && !meta.labels().isEmpty()) {
            labels = meta.labels();
        } else if (classes == 10) {
            labels = Mnist.LABELS; // a digit model without LocalExpert metadata
        } else {
            throw new UserError(path + " has no label list in its metadata; write it with LocalExpert or add labels");
        }
        if (labels.size() != classes) {
            throw new UserError(path + ": metadata lists " + labels.size() + " labels but the model outputs " + classes + " classes");
        }
        return new Loaded(file, model, meta, labels);
    }

    /** Reads a global expert (.tflite with one output); refuses a personal mixture. */
    public static GlobalExpert readGe(Path path) {
        return readGe(read(path), path);
    }

    /** {@link #readGe(Path)} of a file already read (no second parse). */
    public static GlobalExpert readGe(Loaded l, Path path) {
        if (l.isMixture()) throw new UserError(path + " is a personal mixture, not a global expert; pass the shipped GE with --ge");
        try {
            return GlobalExpert.of(l.model, l.labels);
        } catch (IllegalArgumentException e) {
            throw new UserError(path + " cannot serve as a global expert: " + e.getMessage());
        }
    }

    /** The domain of a GE or mixture file: its metadata's, else photos (RGB input) are plants and the rest handwriting. */
    static Domain domainOf(Loaded m) {
        if (m.metadata != null && m.metadata.domain() != null) {
            try {
                return Domain.of(m.metadata.domain());
            } catch (IllegalArgumentException e) {
                throw new UserError("the model's metadata names an unknown domain: " + e.getMessage());
            }
        }
        return Domain.ofInput(m.model.inputs().get(0).shape());
    }

    /**
     * Writes {@code mixture} as one .tflite ({@link MixtureFile}) tied to {@code geHash}, carrying the GE's
     * calibrated "unsure" threshold when not null; versioned and dated by the clock.
     */
    static void writeMixture(Mixture mixture, Path out, String geHash, SampleSource user, Domain domain, ConfidenceThreshold unsure) {
        writeMixture(mixture, out, geHash, user, domain, unsure, null, null);
    }

    /** {@link #writeMixture(Mixture, Path, String, SampleSource, Domain, ConfidenceThreshold)} also carrying the GE's familiarity cut and the taught samples' features. */
    static void writeMixture(Mixture mixture, Path out, String geHash, SampleSource user, Domain domain, ConfidenceThreshold unsure,
                             org.localexpert.core.abstain.Familiarity familiarity, org.localexpert.core.moe.FeatureSet taught) {
        Instant now = Instant.now();
        byte[] bytes;
        try {
            bytes = MixtureFile.write(mixture, domain, geHash, user, unsure, familiarity, taught,
                    new MixtureFile.Provenance("personal-" + now.getEpochSecond(), "user samples", now));
        } catch (RuntimeException e) {
            throw new IllegalStateException("exporting the mixture failed: " + e.getMessage(), e);
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage());
        }
    }

    public static String geHash(Loaded ge) {
        return GeHash.of(ge.file);
    }

    /** {@code A=B} pairs of --label-map. */
    static Map<String, String> labelMap(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) throw new UserError("--label-map takes FOLDER=LABEL, got '" + p + "'");
            map.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return map;
    }

    /** A folder of MNIST idx files (its t10k part) or an image folder DIR/&lt;label&gt;/*.png. */
    static Dataset loadData(File dir, Map<String, String> labelMap) {
        if (!dir.isDirectory()) throw new UserError("not a folder: " + dir);
        try {
            if (Mnist.isIdxFolder(dir, Mnist.Part.TEST)) return Mnist.loadIdxFolder(dir, Mnist.Part.TEST);
            File mnist = new File(dir, "mnist");
            if (Mnist.isIdxFolder(mnist, Mnist.Part.TEST)) return Mnist.loadIdxFolder(mnist, Mnist.Part.TEST);
            return HandwritingFolder.load(dir, new ImageIoDecoder(), labelMap);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** A square RGB input [S, S, 3]: a photo model (the plant domain), not a 28x28 grey handwriting one. */
    public static boolean isPhotoShape(int[] shape) {
        return shape.length == 3 && shape[2] == 3 && shape[0] == shape[1];
    }

    /**
     * An image folder DIR/&lt;label&gt;/*.jpg|png as a photo model of input [size, size, 3] sees it, in
     * {@code modelLabels}' order; a folder whose label is not one of them (after {@code labelMap}) is a user error.
     */
    public static Dataset loadPhotos(File dir, int size, List<String> modelLabels, Map<String, String> labelMap) {
        if (!dir.isDirectory()) throw new UserError("not a folder: " + dir);
        try {
            return ImageFolderDataset.load(dir, new ImageFolderDataset.Options(new PhotoPreprocessor(size), new ImageIoDecoder())
                    .labels(modelLabels, false).labelMap(labelMap)).dataset();
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The shipped GE of {@code domain}, relative to the project root. */
    public static String shippedGe(Domain domain) {
        return shippedGe(Paths.get("models"), domain).toString();
    }

    /** The shipped GE of {@code domain} in the models folder {@code models}. */
    public static Path shippedGe(Path models, Domain domain) {
        return models.resolve(domain.id()).resolve(domain.id() + "-ge.tflite");
    }

    /** A plant data set in the GE's label order (photos at the GE's input size). */
    public static Dataset loadPlantSet(File root, String set, int size, List<String> labels, Map<String, String> labelMap, PrintStream out) {
        File dir;
        try {
            dir = DataLocation.require(root, set);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        long t0 = System.nanoTime();
        Dataset d = MoeFiles.loadPhotos(dir, size, labels, labelMap);
        out.printf(Locale.ROOT, "loaded %s: %d photos, %.0f s%n", set, d.size(), (System.nanoTime() - t0) / 1e9);
        return d;
    }

}
