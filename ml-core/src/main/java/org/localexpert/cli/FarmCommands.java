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
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.Personalizer;
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
            + "           [--k 5,10,20] [--draws N] [--out-dir DIR] [--threads T] [--seed S] [--compare-designs] [--no-baselines]\n"
            + "  The farm (sugarcane-roshitab, RedRust = Rust) teaches k photos per class (5 seeded draws per k) and is\n"
            + "  scored on its other photos; generic test: the Daphal test split. GE default " + SHIPPED_GE + ",\n"
            + "  replay default replay.bin next to it (else drawn from the Daphal and tomato train splits).\n"
            + "  Beside the mixture, the same baselines as the handwriting bench (per k, 95 % bootstrap intervals over the\n"
            + "  farm's photos); per-draw CSV bench-personalization.csv.\n"
            + "  --no-baselines     the mixture alone\n"
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
        boolean baselines = !args.flag("no-baselines");
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
        Dataset replay = replayFile != null ? ReplayFiles.readInputs(Paths.get(replayFile), Domain.PLANT, ge) : ReplayFiles.inputsNextTo(gePath, Domain.PLANT, ge);
        if (replay == null) replay = ReplayFiles.draw(Domain.PLANT, root, ge, out);
        PersonalizationOptions options = Domain.PLANT.defaults().seed(seed).threads(threads).build();
        try {
            if (compare) {
                FarmDesigns.run(ge, replay, farm, split.validation(), FarmDesigns.candidates(options), 10, draws, out);
                out.println();
            }
            Personalizer personalizer = new Personalizer(Domain.PLANT, ge, replay, options);
            FarmBench.Report report = FarmBench.run(personalizer, farm, split.test(), ks, draws, geHash, baselines,
                    org.localexpert.core.moe.host.ThreadCpuClock.orNull(), out);
            Files.createDirectories(outDir);
            Path csv = outDir.resolve("personalization.csv"), png = outDir.resolve("personalization.png");
            report.writeCsv(csv);
            FarmChart.write(report, png);
            String also = "";
            if (report.allMethods != null) {
                Path perDraw = outDir.resolve("bench-personalization.csv");
                report.allMethods.writeCsv(perDraw);
                also = ", " + perDraw;
            }
            out.printf(Locale.ROOT, "wrote %s%s and %s; wall time %.0f s%n", csv, also, png, (System.nanoTime() - start) / 1e9);
        } catch (DataException | PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    private static int photoSize(GlobalExpert ge, Path gePath) {
        return photoSize(ge.inputShape(), gePath);
    }

    /** The side of the square RGB photo a GE of input shape {@code s} takes; a clear error for anything else. */
    private static int photoSize(int[] s, Path gePath) {
        if (!MoeFiles.isPhotoShape(s)) throw new UserError(gePath + " takes " + Arrays.toString(s) + ", not square RGB photos");
        return s[0];
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
        return org.localexpert.core.data.Sha256.hex(Files.readAllBytes(file));
    }
}
