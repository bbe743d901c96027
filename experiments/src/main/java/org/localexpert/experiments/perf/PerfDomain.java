package org.localexpert.experiments.perf;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.localexpert.cli.MoeFiles;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * One domain as the performance suite sees it: the shipped GE (its .tflite bytes and the same file
 * read into an ml-core model), the generic replay sample and one real user's samples — the inputs of
 * a personalization as the phone runs it.
 *
 * <p>Handwriting: {@code models/handwriting/handwriting-ge.tflite}, its shipped replay features,
 * and the first SD-1 writer of MNIST train (the teaching half of their digits, as in
 * {@code bench-personalization}). Plant, with the plant domain's defaults: {@code models/plant/plant-ge.tflite},
 * its shipped replay features, and the one-farm set sugarcane-roshitab with k = 10 photos per class
 * (draw 0, RedRust = Rust). Personalization runs as in the app: the user's inputs one at a time
 * through the GE on real TFLite ({@link FeatureExtractor}), the replay sample read as features.
 */
final class PerfDomain {
    static final int PLANT_REPLAY_PER_CLASS = 20;
    static final int PLANT_K = 10;

    final String name;
    final Path geFile;
    final byte[] geBytes;
    final GlobalExpert ge;
    final Domain domain;
    /** The shipped replay features (null when the file is missing: {@link #missing} says so). */
    final ReplayFeatures replay;
    final Dataset user;
    final String userDescription;
    final String missing;
    final PersonalizationOptions options;
    /** The GE's own "unsure" cut (its metadata), which a personal model's cut may only lower; null if it has none. */
    final ConfidenceThreshold geUnsure;
    /** Thread-CPU seconds of the last {@link #personalize()}'s unsure cut. */
    double lastCutSeconds;
    /** Filled in by the suite: timed personalizations (wall and thread-CPU s), the features' engine, the mixture's .tflite size. */
    double[] seconds, cpuSeconds, cutSeconds;
    String featureBackend;
    /** The same run's TFLite GE latency (thread CPU s per input; row 2), so row 4 can be read on any machine. */
    double geTfliteSeconds = -1;
    long mixtureBytes;

    private PerfDomain(Domain domain, Path geFile, byte[] geBytes, GlobalExpert ge, ReplayFeatures replay, Dataset user,
                       String userDescription, String missing, PersonalizationOptions options) {
        this.name = domain.id();
        this.geFile = geFile;
        this.geBytes = geBytes;
        this.ge = ge;
        this.replay = replay;
        this.user = user;
        this.userDescription = userDescription;
        this.missing = missing;
        this.options = options;
        this.domain = domain;
        this.geUnsure = geUnsure(geBytes);
    }

    private static ConfidenceThreshold geUnsure(byte[] geBytes) {
        try {
            return ConfidenceThreshold.fromMetadata(LocalExpertMetadata.read(TfliteReader.read(geBytes)));
        } catch (TfliteFormatException e) {
            throw new IllegalArgumentException("the GE was read once already: " + e.getMessage(), e);
        }
    }

    /**
     * One personalization as the app runs it: TFLite opened on the GE's feature graph, every input through it, LE + GN
     * trained, then the personal model's "unsure" cut ({@link Personalizer#unsureCut}: more trainings on the same
     * features), whose thread-CPU seconds are left in {@link #lastCutSeconds}.
     */
    Personalization personalize() {
        try (FeatureExtractor fx = FeatureExtractor.open(ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(1)))) {
            featureBackend = fx.backend() + (fx.fallbackReason() == null ? "" : " (TFLite failed: " + fx.fallbackReason() + ")");
            Personalizer personalizer = new Personalizer(domain, ge, replay, options);
            Personalization p = personalizer.personalize(SampleSource.of(user), fx, null);
            double cpu0 = Rounds.threadCpuSeconds();
            personalizer.unsureCut(p, geUnsure);
            lastCutSeconds = Rounds.threadCpuSeconds() - cpu0;
            return p;
        }
    }

    /** The shipped replay features beside {@code geFile}, or null. */
    private static ReplayFeatures replayFeatures(Path geFile, byte[] geBytes) throws IOException {
        Path f = geFile.resolveSibling(ReplayFeatures.FILE_NAME);
        if (!Files.isRegularFile(f)) return null;
        try {
            return ReplayFeatures.read(f, GeHash.of(TfliteReader.read(geBytes)));
        } catch (TfliteFormatException e) {
            throw new IOException(geFile + ": " + e.getMessage(), e);
        }
    }

    boolean hasData() {
        return missing == null;
    }

    /** One input of the GE's shape with deterministic values in [0, 1) (latency does not depend on the pixels). */
    float[] sampleInput() {
        int n = 1;
        for (int d : ge.inputShape()) n *= d;
        float[] x = new float[n];
        long s = 12345;
        for (int i = 0; i < n; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            x[i] = (s >>> 40) / (float) (1 << 24);
        }
        return x;
    }

    static PerfDomain handwriting(Path models, File data, PrintStream out) throws IOException {
        Path geFile = MoeFiles.shippedGe(models, Domain.HANDWRITING);
        byte[] bytes = Files.readAllBytes(geFile);
        GlobalExpert ge = GlobalExpert.of(read(bytes, geFile), Mnist.LABELS);
        ReplayFeatures replay = replayFeatures(geFile, bytes);
        // Real writers wrote what they wrote: a class with a single sample is allowed (as in bench-personalization).
        PersonalizationOptions options = Domain.HANDWRITING.defaults().seed(1).threads(1).minPerClass(1).build();
        if (replay == null) {
            return new PerfDomain(Domain.HANDWRITING, geFile, bytes, ge, null, null, null, "no " + ReplayFeatures.FILE_NAME + " beside the GE", options);
        }
        if (!DataLocation.has(DataLocation.MNIST) && !new File(data, DataLocation.MNIST).isDirectory()) {
            return new PerfDomain(Domain.HANDWRITING, geFile, bytes, ge, replay, null, null, "needs MNIST + QMNIST under " + data, options);
        }
        Dataset train = Mnist.load(data, Mnist.Part.TRAIN);
        HandwritingSplits.UserSplit writer = HandwritingSplits.users(train).get(0);
        Dataset user = writer.personalization();
        out.printf(Locale.ROOT, "handwriting: user = SD-1 writer %d, %d digits (the teaching half)%n", writer.writerId(), user.size());
        return new PerfDomain(Domain.HANDWRITING, geFile, bytes, ge, replay, user,
                "writer " + writer.writerId() + ", " + user.size() + " digits", null, options);
    }

    static PerfDomain plant(Path models, File data, PrintStream out) throws IOException {
        Path geFile = MoeFiles.shippedGe(models, Domain.PLANT);
        byte[] bytes = Files.readAllBytes(geFile);
        List<String> labels = Files.readAllLines(models.resolve(Domain.PLANT.id()).resolve("labels.txt"));
        labels.removeIf(String::isEmpty);
        GlobalExpert ge;
        try {
            TfliteModel file = TfliteReader.read(bytes);
            LocalExpertMetadata meta = LocalExpertMetadata.read(file);
            if (meta != null && !meta.labels().isEmpty()) labels = meta.labels();
            ge = GlobalExpert.of(ModelImporter.toModel(file), labels);
        } catch (TfliteFormatException | IncompatibleModelException e) {
            throw new IOException(geFile + ": " + e.getMessage(), e);
        }
        PersonalizationOptions options = Domain.PLANT.defaults().seed(1).threads(1).build();
        ReplayFeatures replay = replayFeatures(geFile, bytes);
        if (replay == null) {
            return new PerfDomain(Domain.PLANT, geFile, bytes, ge, null, null, null, "no " + ReplayFeatures.FILE_NAME + " beside the GE", options);
        }
        File farm = new File(data, DataLocation.SUGARCANE_ROSHITAB);
        if (!farm.isDirectory()) return new PerfDomain(Domain.PLANT, geFile, bytes, ge, replay, null, null, "needs " + farm, options);
        int size = ge.inputShape()[0];
        String replayText = "the shipped " + ReplayFeatures.FILE_NAME;
        long t0 = System.nanoTime();
        Map<String, String> farmMap = Collections.singletonMap("RedRust", "Rust");
        Dataset userNames = PlantSplits.farmDraw(ImageFolderDataset.list(farm, farmMap), PLANT_K, 0, new ImageIoDecoder()).personalization();
        Dataset user = decode(userNames, userNames.labelNames(), size, Collections.singletonList(farm), farmMap);
        out.printf(Locale.ROOT, "plant: replay = %d photos (%s), user = sugarcane-roshitab k=%d per class "
                + "(%d photos); decoded in %.1f s%n", replay.size(), replayText, PLANT_K, user.size(), (System.nanoTime() - t0) / 1e9);
        return new PerfDomain(Domain.PLANT, geFile, bytes, ge, replay, user,
                "sugarcane-roshitab, k=" + PLANT_K + " per class (" + user.size() + " photos), the plant domain's defaults", null, options);
    }

    private static org.localexpert.core.model.Model read(byte[] bytes, Path file) throws IOException {
        try {
            return ModelImporter.toModel(TfliteReader.read(bytes));
        } catch (TfliteFormatException | IncompatibleModelException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A folder's examples with their file names and labels but no pixels. */
    /** {@code d} with labels renamed into {@code labels} (by name). */
    private static Dataset relabel(Dataset d, List<String> labels) {
        List<Example> ex = new ArrayList<>();
        for (Example e : d.examples()) {
            int to = labels.indexOf(d.labelNames().get(e.label()));
            if (to < 0) throw new IllegalArgumentException("label '" + d.labelNames().get(e.label()) + "' is not a GE class " + labels);
            ex.add(e.withLabel(to));
        }
        return new Dataset(ex, labels, d.shape());
    }

    /** Decodes exactly the files of {@code names} (found in {@code dirs}) at the GE's input size, labels as in {@code labels}. */
    private static Dataset decode(Dataset names, List<String> labels, int size, List<File> dirs, Map<String, String> labelMap) {
        Set<String> wanted = new HashSet<>();
        for (Example e : names.examples()) wanted.add(new File(e.source()).getAbsolutePath());
        ImageIoDecoder real = new ImageIoDecoder();
        ImageDecoder selective = (file, target) -> wanted.contains(file.getAbsolutePath()) ? real.decode(file, target)
                : new DecodedImage(new int[1], 1, 1);
        List<Example> picked = new ArrayList<>();
        for (File dir : dirs) {
            Dataset all = ImageFolderDataset.load(dir, new ImageFolderDataset.Options(new PhotoPreprocessor(size), selective)
                    .labelMap(labelMap)).dataset();
            for (Example e : all.examples()) {
                if (!wanted.contains(new File(e.source()).getAbsolutePath())) continue;
                int to = labels.indexOf(all.labelNames().get(e.label()));
                if (to < 0) throw new IllegalArgumentException("label '" + all.labelNames().get(e.label()) + "' is not in " + labels);
                picked.add(e.withLabel(to));
            }
        }
        return new Dataset(picked, labels, new int[] {size, size, 3});
    }
}
