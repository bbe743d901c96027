package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.data.host.ImageIoDecoder;
import org.localexpert.core.moe.CrossValidation;
import org.localexpert.core.moe.FarmBench;
import org.localexpert.core.moe.FarmDesigns;
import org.localexpert.core.moe.FarmPersonalizer;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.PlantReplay;
import org.localexpert.core.moe.host.FarmChart;
import org.localexpert.core.moe.host.PhotoJpeg;
import org.localexpert.core.predict.Classifier;

/**
 * The plant ("my farm") side of {@code bench-personalization}, {@code personalize} and
 * {@code write-replay}: those commands hand over here when the domain is plant, so the handwriting
 * code paths stay as they are.
 */
final class FarmCommands {
    private FarmCommands() {}

    static final String SHIPPED_GE = "models/plant/plant-ge.tflite";
    static final String FARM_SET = "sugarcane-roshitab";
    /** RoshitaB calls Rust "RedRust". */
    static final Map<String, String> FARM_LABEL_MAP = Collections.singletonMap("RedRust", "Rust");

    static final String BENCH_USAGE = "usage: localexpert bench-personalization --domain plant [--data DIR] [--ge FILE] [--replay FILE]\n"
            + "           [--k 5,10,20] [--draws N] [--out-dir DIR] [--threads T] [--seed S] [--compare-designs]\n"
            + "  The farm (sugarcane-roshitab, RedRust = Rust) teaches k photos per class (5 seeded draws per k) and is\n"
            + "  scored on its other photos; generic test: the Daphal test split. GE default " + SHIPPED_GE + ",\n"
            + "  replay default replay.bin next to it (else drawn from the Daphal and tomato train splits).\n"
            + "  --compare-designs  first compare LE/GN designs by cross-validation on the personalization photos (k=10)";

    /** {@code bench-personalization --domain plant}. */
    static int bench(Args args, PrintStream out) throws IOException {
        String data = args.get("data", null);
        Path gePath = Paths.get(args.get("ge", SHIPPED_GE));
        String replayFile = args.get("replay", null);
        int[] ks = parseKs(args.get("k", "5,10,20"));
        int draws = args.getInt("draws", FarmBench.DRAWS);
        Path outDir = Paths.get(args.get("out-dir", "bench-out/plant"));
        int threads = args.getInt("threads", 1);
        long seed = args.getLong("seed", 1);
        boolean compare = args.flag("compare-designs");
        args.rejectUnknown();
        if (threads < 1) throw new UserError("--threads must be >= 1");
        if (draws < 1) throw new UserError("--draws must be >= 1");
        long start = System.nanoTime();
        File root = data != null ? new File(data) : DataLocation.root();

        MoeFiles.Loaded geFile = MoeFiles.read(gePath);
        GlobalExpert ge = MoeFiles.readGe(gePath);
        String geHash = MoeFiles.geHash(geFile);
        int size = photoSize(ge, gePath);
        out.printf(Locale.ROOT, "plant GE %s (%s, %,d parameters, sha256 of the file %s)%n", gePath, geHash, ge.parameterCount(), sha256(gePath));
        Dataset farm = load(root, FARM_SET, size, ge.labels(), FARM_LABEL_MAP, out);
        Dataset daphal = load(root, "sugarcane-daphal", size, ge.labels(), Collections.<String, String>emptyMap(), out);
        PlantSplits.Split split = PlantSplits.daphal(daphal);
        Dataset replay = replay(replayFile, gePath, root, size, ge, split, out);
        PersonalizationOptions options = FarmPersonalizer.defaultOptions().seed(seed).threads(threads).build();
        try {
            if (compare) {
                FarmDesigns.run(ge, replay, farm, split.validation(), FarmDesigns.candidates(options), 10, draws, out);
                out.println();
            }
            FarmPersonalizer personalizer = new FarmPersonalizer(ge, replay, options);
            FarmBench.Report report = FarmBench.run(personalizer, farm, split.test(), ks, draws, geHash,
                    org.localexpert.core.moe.host.ThreadCpuClock.orNull(), out);
            Files.createDirectories(outDir);
            Path csv = outDir.resolve("personalization.csv"), png = outDir.resolve("personalization.png");
            report.writeCsv(csv);
            FarmChart.write(report, png);
            out.printf(Locale.ROOT, "wrote %s and %s; wall time %.0f s%n", csv, png, (System.nanoTime() - start) / 1e9);
        } catch (DataException | PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    static final String REPLAY_USAGE = "usage: localexpert write-replay --domain plant [--data DIR] [--out FILE] [--per-class N] [--seed S] [--ge GE.tflite] [--size S]\n"
            + "  Draws N photos per GE class (default " + PlantReplay.DEFAULT_PER_CLASS + ", seed " + PlantReplay.DEFAULT_SEED
            + ") from the Daphal and tomato TRAIN splits and writes them as\n"
            + "  JPEGs at the GE's input size (--ge, default the shipped plant GE; --size overrides) to --out (default models/plant/replay.bin).";

    /** {@code write-replay --domain plant}. */
    static int writeReplay(Args args, PrintStream out) throws IOException {
        String data = args.get("data", null);
        Path outPath = Paths.get(args.get("out", "models/plant/" + MoeFiles.REPLAY_FILE));
        int perClass = args.getInt("per-class", PlantReplay.DEFAULT_PER_CLASS);
        long seed = args.getLong("seed", PlantReplay.DEFAULT_SEED);
        int sizeOverride = args.getInt("size", -1);
        String gePath = args.get("ge", SHIPPED_GE);
        args.rejectUnknown();
        if (perClass < 1) throw new UserError("--per-class must be >= 1, got " + perClass);
        File root = data != null ? new File(data) : DataLocation.root();
        MoeFiles.Loaded ge = MoeFiles.read(Paths.get(gePath));
        List<String> labels = ge.labels;
        // The replay photos are what the gate learns as "not this farm": stored at the GE's own input
        // size, so they reach it as a camera photo would (a smaller copy scaled up would look blurred).
        int size = sizeOverride > 0 ? sizeOverride : photoSize(ge.model.inputs().get(0).shape(), Paths.get(gePath));
        Dataset sample = drawReplay(root, size, labels, null, perClass, seed, out);
        PhotoJpeg.write(sample, outPath);
        out.printf(Locale.ROOT, "wrote %s: %d photos (%d per class, seed %d, %d px) from the Daphal and tomato train splits; %,d bytes%n",
                outPath, sample.size(), perClass, seed, size, Files.size(outPath));
        return 0;
    }

    /** {@code personalize} with a plant GE: the farm's photo folder → the mixture .tflite. */
    static int personalize(Args args, PrintStream out) throws IOException {
        Path gePath = Paths.get(args.require("ge"));
        File userDir = new File(args.require("user-data"));
        Path outPath = Paths.get(args.require("out"));
        String replayFile = args.get("replay", null);
        String data = args.get("data", null);
        int folds = args.getInt("folds", 5);
        long seed = args.getLong("seed", 1);
        Map<String, String> labelMap = MoeFiles.labelMap(args.all("label-map"));
        String routing = args.get("routing", "hard");
        args.rejectUnknown();
        if (!routing.equals("hard")) {
            throw new UserError("a farm mixture routes hard (one expert per photo, chosen by measurement); --routing " + routing + " is for handwriting only");
        }
        if (folds < 2) throw new UserError("--folds must be >= 2");
        out.println("reading the global expert " + gePath);
        MoeFiles.Loaded geFile = MoeFiles.read(gePath);
        GlobalExpert ge = MoeFiles.readGe(gePath);
        int size = photoSize(ge, gePath);
        out.println("reading your photos from " + userDir);
        Dataset farm;
        try {
            farm = ImageFolderDataset.load(userDir, new ImageFolderDataset.Options(new PhotoPreprocessor(size), new ImageIoDecoder())
                    .labels(ge.labels(), true).labelMap(labelMap).minClasses(2)).dataset();
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        PersonalizationOptions options = FarmPersonalizer.defaultOptions().seed(seed).build();
        try {
            FarmPersonalizer.validate(farm, ge.inputShape(), options.minPerClass());
            File root = data != null ? new File(data) : DataLocation.root();
            Dataset replay = replay(replayFile, gePath, root, size, ge, null, out);
            FarmPersonalizer p = new FarmPersonalizer(ge, replay, options);
            List<String> union = p.unionLabels(farm.labelNames());
            out.printf(Locale.ROOT, "%d photos, classes %s%s%n", farm.size(), present(farm),
                    union.size() > ge.numClasses() ? " (new classes: " + union.subList(ge.numClasses(), union.size()) + ")" : "");
            out.printf(Locale.ROOT, "estimating before/after by %d-fold cross-validation (%d augmented copies per photo) ...%n", folds,
                    FarmPersonalizer.DEFAULT_COPIES);
            CrossValidation cv = p.crossValidate(farm, folds);
            out.println("  " + cv);
            out.println("training the local expert and the gate on all photos ...");
            Personalization result = p.personalize(farm);
            out.println("  " + result);
            ConfidenceThreshold unsure = ConfidenceThreshold.fromMetadata(geFile.metadata);
            MoeFiles.writeMixture(result.mixture(), outPath, MoeFiles.geHash(geFile), farm, Classifier.PLANT, unsure);
            out.printf(Locale.ROOT, "wrote %s (%,d bytes): outputs %s%n", outPath, Files.size(outPath), Mixture.OUTPUT_NAMES);
            return 0;
        } catch (PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** True when the model file at {@code ge} is a plant model (metadata domain, else RGB input). */
    static boolean isPlant(Path ge) {
        MoeFiles.Loaded m = MoeFiles.read(ge);
        if (m.metadata != null && m.metadata.domain() != null) return Classifier.PLANT.equals(m.metadata.domain());
        int[] s = m.model.inputs().get(0).shape();
        return s.length == 3 && s[2] == 3;
    }

    private static int photoSize(GlobalExpert ge, Path gePath) {
        return photoSize(ge.inputShape(), gePath);
    }

    /** The side of the square RGB photo a GE of input shape {@code s} takes; a clear error for anything else. */
    private static int photoSize(int[] s, Path gePath) {
        if (!MoeFiles.isPhotoShape(s)) throw new UserError(gePath + " takes " + Arrays.toString(s) + ", not square RGB photos");
        return s[0];
    }

    /** The replay sample: --replay FILE, else replay.bin next to the GE, else drawn from the data's train splits. */
    private static Dataset replay(String file, Path gePath, File root, int size, GlobalExpert ge, PlantSplits.Split daphal, PrintStream out) {
        Path path = file != null ? Paths.get(file) : MoeFiles.replayNextTo(gePath);
        if (path != null) {
            try {
                Dataset d = PhotoJpeg.read(path, size);
                if (!d.labelNames().equals(ge.labels())) {
                    throw new UserError("replay sample " + path + " has labels " + d.labelNames() + " but the GE has " + ge.labels());
                }
                out.printf(Locale.ROOT, "replay sample: %s (%d photos)%n", path, d.size());
                return d;
            } catch (IOException e) {
                throw new UserError("cannot read the replay sample " + path + ": " + e.getMessage());
            }
        }
        try {
            return drawReplay(root, size, ge.labels(), daphal, PlantReplay.DEFAULT_PER_CLASS, PlantReplay.DEFAULT_SEED, out);
        } catch (DataException e) {
            throw new UserError("no replay sample: pass --replay FILE, or --data DIR with the plant data sets (" + e.getMessage() + ")");
        }
    }

    private static Dataset drawReplay(File root, int size, List<String> labels, PlantSplits.Split daphal, int perClass, long seed, PrintStream out) {
        if (daphal == null) daphal = PlantSplits.daphal(load(root, "sugarcane-daphal", size, labels, Collections.<String, String>emptyMap(), out));
        PlantSplits.Split tomato = PlantSplits.tomato(load(root, "plantvillage-tomato", size, labels, Collections.<String, String>emptyMap(), out));
        Dataset d = PlantReplay.select(Arrays.asList(daphal.train(), tomato.train()), labels, perClass, seed);
        out.printf(Locale.ROOT, "replay sample: %d photos drawn (seed %d) from the Daphal and tomato train splits under %s%n", d.size(), seed, root);
        return d;
    }

    /** A plant data set in the GE's label order (photos at the GE's input size). */
    static Dataset load(File root, String set, int size, List<String> labels, Map<String, String> labelMap, PrintStream out) {
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

    private static List<String> present(Dataset d) {
        List<String> l = new ArrayList<>();
        int[] c = d.classCounts();
        for (int i = 0; i < c.length; i++) if (c[i] > 0) l.add(d.labelNames().get(i) + " " + c[i]);
        return l;
    }

    private static int[] parseKs(String s) {
        String[] parts = s.split(",");
        int[] ks = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ks[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError("--k takes photos per class like 5,10,20, got '" + s + "'");
            }
            if (ks[i] < 1) throw new UserError("--k values must be >= 1, got " + ks[i]);
        }
        return ks;
    }

    private static String sha256(Path file) throws IOException {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            StringBuilder b = new StringBuilder();
            for (byte x : h) b.append(String.format("%02x", x));
            return b.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
