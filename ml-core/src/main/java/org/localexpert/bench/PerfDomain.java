package org.localexpert.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.ImagePreprocessor;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.data.host.ImageIoDecoder;
import org.localexpert.core.moe.FarmPersonalizer;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.host.PhotoJpeg;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

/**
 * One domain as the performance suite sees it: the shipped GE (its .tflite bytes and the same file
 * read into an ml-core model), the generic replay sample and one real user's samples — the inputs of
 * a personalization as the phone runs it.
 *
 * <p>Handwriting: {@code models/handwriting/handwriting-ge.tflite}, its shipped {@code replay.bin},
 * and the first SD-1 writer of MNIST train (the teaching half of their digits, as in
 * {@code bench-personalization}). Plant, personalized as {@link FarmPersonalizer} does with its
 * defaults: {@code models/plant/plant-ge.tflite}, its shipped {@code replay.bin} (or, without one,
 * 20 training photos per GE class of sugarcane-daphal and plantvillage-tomato), and the one-farm set
 * sugarcane-roshitab with k = 10 photos per class (draw 0, RedRust = Rust).
 */
final class PerfDomain {
    static final int PLANT_REPLAY_PER_CLASS = 20;
    static final int PLANT_K = 10;

    final String name;
    final Path geFile;
    final byte[] geBytes;
    final GlobalExpert ge;
    /** Null when the data set is missing ({@link #missing} says which). */
    final Dataset replay;
    final Dataset user;
    final String userDescription;
    final String missing;
    final PersonalizationOptions options;
    /** Plant: personalized the farm way ({@link FarmPersonalizer}: photo augmentation, its own defaults). */
    final boolean farm;
    /** Filled in by the suite: timed personalizations (wall and thread-CPU s), the last one's replay-feature time (s), the mixture's .tflite size. */
    double[] seconds, cpuSeconds;
    double replaySeconds;
    long mixtureBytes;

    private PerfDomain(String name, Path geFile, byte[] geBytes, GlobalExpert ge, Dataset replay, Dataset user,
                       String userDescription, String missing, PersonalizationOptions options, boolean farm) {
        this.name = name;
        this.geFile = geFile;
        this.geBytes = geBytes;
        this.ge = ge;
        this.replay = replay;
        this.user = user;
        this.userDescription = userDescription;
        this.missing = missing;
        this.options = options;
        this.farm = farm;
    }

    /** One personalization as the app runs it, replay features included (the personalizer computes them when made). */
    Personalization personalize(long[] replayDoneNanos) {
        if (farm) {
            FarmPersonalizer p = new FarmPersonalizer(ge, replay, options);
            replayDoneNanos[0] = System.nanoTime();
            return p.personalize(user);
        }
        Personalizer p = new Personalizer(ge, replay, options);
        replayDoneNanos[0] = System.nanoTime();
        return p.personalize(user);
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
        Path geFile = models.resolve("handwriting").resolve("handwriting-ge.tflite");
        byte[] bytes = Files.readAllBytes(geFile);
        GlobalExpert ge = GlobalExpert.of(read(bytes, geFile), Mnist.LABELS);
        Dataset replay = ReplaySample.read(models.resolve("handwriting").resolve("replay.bin"));
        // Real writers wrote what they wrote: a class with a single sample is allowed (as in bench-personalization).
        PersonalizationOptions options = PersonalizationOptions.builder().seed(1).threads(1).minPerClass(1).build();
        if (!DataLocation.has(DataLocation.MNIST) && !new File(data, DataLocation.MNIST).isDirectory()) {
            return new PerfDomain("handwriting", geFile, bytes, ge, replay, null, null, "needs MNIST + QMNIST under " + data, options, false);
        }
        Dataset train = Mnist.load(data, Mnist.Part.TRAIN);
        HandwritingSplits.UserSplit writer = HandwritingSplits.users(train).get(0);
        Dataset user = writer.personalization();
        out.printf(Locale.ROOT, "handwriting: user = SD-1 writer %d, %d digits (the teaching half)%n", writer.writerId(), user.size());
        return new PerfDomain("handwriting", geFile, bytes, ge, replay, user,
                "writer " + writer.writerId() + ", " + user.size() + " digits", null, options, false);
    }

    static PerfDomain plant(Path models, File data, PrintStream out) throws IOException {
        Path geFile = models.resolve("plant").resolve("plant-ge.tflite");
        byte[] bytes = Files.readAllBytes(geFile);
        List<String> labels = Files.readAllLines(models.resolve("plant").resolve("labels.txt"));
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
        PersonalizationOptions options = FarmPersonalizer.defaultOptions().seed(1).threads(1).build();
        File daphal = new File(data, DataLocation.SUGARCANE_DAPHAL), tomato = new File(data, DataLocation.PLANTVILLAGE_TOMATO),
                farm = new File(data, DataLocation.SUGARCANE_ROSHITAB);
        for (File f : new File[] {daphal, tomato, farm}) {
            if (!f.isDirectory()) return new PerfDomain("plant", geFile, bytes, ge, null, null, null, "needs " + f, options, true);
        }
        int size = ge.inputShape()[0];
        Path shippedReplay = models.resolve("plant").resolve("replay.bin");
        Dataset replay;
        String replayText;
        long t0 = System.nanoTime();
        if (Files.isRegularFile(shippedReplay)) {
            replay = PhotoJpeg.read(shippedReplay, size);
            replayText = "the shipped " + shippedReplay;
        } else {
            // Membership of splits depends on file names only: list first, decode only what is used.
            Dataset trainNames = relabel(PlantSplits.daphal(listOnly(daphal, Collections.emptyMap())).train(), labels)
                    .concat(relabel(PlantSplits.tomato(listOnly(tomato, Collections.emptyMap())).train(), labels));
            Dataset replayNames = ReplaySample.select(trainNames, PLANT_REPLAY_PER_CLASS, ReplaySample.DEFAULT_SEED);
            replay = decode(replayNames, labels, size, Arrays.asList(daphal, tomato), Collections.emptyMap());
            replayText = PLANT_REPLAY_PER_CLASS + " training photos per GE class (no shipped replay.bin)";
        }
        Map<String, String> farmMap = Collections.singletonMap("RedRust", "Rust");
        Dataset userNames = PlantSplits.farmDraw(listOnly(farm, farmMap), PLANT_K, 0).personalization();
        Dataset user = decode(userNames, userNames.labelNames(), size, Collections.singletonList(farm), farmMap);
        out.printf(Locale.ROOT, "plant: replay = %d photos (%s), user = sugarcane-roshitab k=%d per class "
                + "(%d photos); decoded in %.1f s%n", replay.size(), replayText, PLANT_K, user.size(), (System.nanoTime() - t0) / 1e9);
        return new PerfDomain("plant", geFile, bytes, ge, replay, user,
                "sugarcane-roshitab, k=" + PLANT_K + " per class (" + user.size() + " photos), FarmPersonalizer defaults", null, options, true);
    }

    private static org.localexpert.core.model.Model read(byte[] bytes, Path file) throws IOException {
        try {
            return ModelImporter.toModel(TfliteReader.read(bytes));
        } catch (TfliteFormatException | IncompatibleModelException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A folder's examples with their file names and labels but no pixels. */
    private static Dataset listOnly(File dir, Map<String, String> labelMap) {
        ImagePreprocessor names = new ImagePreprocessor() {
            @Override public int[] shape() { return new int[] {1, 1, 1}; }
            @Override public int decodeTarget() { return 1; }
            @Override public float[] apply(DecodedImage image) { return new float[1]; }
        };
        ImageDecoder noDecode = (file, target) -> new DecodedImage(new int[1], 1, 1);
        return ImageFolderDataset.load(dir, new ImageFolderDataset.Options(names, noDecode).labelMap(labelMap)).dataset();
    }

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
