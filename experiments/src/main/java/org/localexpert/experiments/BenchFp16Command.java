package org.localexpert.experiments;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.MoeFiles;
import org.localexpert.cli.UserError;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.MixtureFile;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.experiments.fp16.DecisionChanges;
import org.localexpert.experiments.fp16.Fp16Comparison;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code bench-fp16} (issue 21): does half precision — what the TFLite GPU delegate computes in when precision
 * loss is allowed — change what the app tells the user? For both shipped GEs and for personal mixtures built on
 * them, every test input runs through the float32 Java engine and through {@link
 * org.localexpert.experiments.fp16.Fp16Engine} (weights and every tensor between operators rounded to half), and
 * the bench counts the inputs whose label, route (the gate's GE/LE decision) or "unsure" decision changes, with
 * Wilson 95 % intervals. The app keeps precision loss only if every share is at most 0.5 %.
 *
 * <p>Test inputs are the splits the other benches score on: MNIST t10k for the handwriting GE (it trained on
 * MNIST train only); for each handwriting mixture its writer's held-out half and the 4,999 SD-3 digits of t10k
 * (the generic test); the leak-free Daphal and tomato test splits ({@link PlantSplits}) for the plant GE; for each
 * farm mixture the farm's held-out photos and the Daphal test split. Mixtures are made as the phone makes them:
 * {@link Personalizer} on the shipped GE with the shipped replay features, written by {@link MixtureFile} and read
 * back, so the graph compared is the file the phone would run. Photos are decoded one at a time (never a whole data
 * set in memory).
 */
public final class BenchFp16Command implements Command {
    private static final String FARM_SET = "sugarcane-roshitab";
    private static final Map<String, String> FARM_LABEL_MAP = Collections.singletonMap("RedRust", "Rust");
    /** Fixed, so a rerun writes the same mixture files. */
    private static final Instant CREATED = Instant.parse("2026-12-07T00:00:00Z");

    @Override
    public String name() {
        return "bench-fp16";
    }

    @Override
    public String summary() {
        return "FP16 (GPU) simulation of the shipped GEs and personal mixtures: share of label, route and unsure changes";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-fp16 [--data DIR] [--models DIR] [--domain handwriting|plant|both] [--writers 5]\n"
                + "           [--farm-draws 3] [--k 10] [--threads 1] [--seed 1] [--limit N]\n"
                + "  Runs every test input through the float32 Java engine and an FP16 simulation (weights and every tensor\n"
                + "  between operators rounded to half precision, as the TFLite GPU delegate stores them with precision loss\n"
                + "  allowed), through the app's Classifier, and counts the inputs whose label, route (gate: GE or LE) or\n"
                + "  \"unsure\" decision changes (Wilson 95 % intervals); verdict: every share <= 0.5 %.\n"
                + "  handwriting: the shipped GE on MNIST t10k; mixtures for the first --writers evaluation writers (odd id) of\n"
                + "    MNIST train, each scored on its held-out half and the 4,999 SD-3 digits of t10k.\n"
                + "  plant: the shipped GE on the leak-free Daphal and tomato test splits; mixtures for --farm-draws draws of --k\n"
                + "    photos per class of sugarcane-roshitab (RedRust = Rust), each scored on the farm's other photos and Daphal test.\n"
                + "  --limit N   at most N inputs per test set (a quick look; the model cards' figures use all)";
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        long start = System.nanoTime();
        String data = args.get("data", null);
        Path models = Paths.get(args.get("models", "models"));
        String which = args.get("domain", "both");
        int writers = args.getInt("writers", 5);
        int draws = args.getInt("farm-draws", 3);
        int k = args.getInt("k", 10);
        int threads = args.getInt("threads", 1);
        long seed = args.getLong("seed", 1);
        int limit = args.getInt("limit", Integer.MAX_VALUE);
        args.rejectUnknown();
        if (!which.equals("both") && !which.equals("handwriting") && !which.equals("plant")) {
            throw new UserError("--domain must be handwriting, plant or both, got '" + which + "'");
        }
        if (writers < 0 || draws < 0 || k < 1 || threads < 1 || limit < 1) throw new UserError("--writers and --farm-draws >= 0, --k, --threads and --limit >= 1");
        File root = data != null ? new File(data) : DataLocation.root();
        List<DecisionChanges> rows = new ArrayList<>();
        try {
            if (!which.equals("plant")) rows.addAll(handwriting(root, models, writers, threads, seed, limit, out));
            if (!which.equals("handwriting")) rows.addAll(plant(root, models, draws, k, threads, seed, limit, out));
        } catch (DataException | PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
        out.println();
        out.printf(Locale.ROOT, "%-34s %6s  %-32s %-32s %-32s %-32s %-8s  %6s  %s%n", "model", "n", "label changes [Wilson 95 %]", "route changes",
                "unsure changes", "any change", "max |dp|", "NaN/inf", "verdict");
        boolean all = true;
        for (DecisionChanges r : rows) {
            out.println(r.row(r.name.contains("mixture")));
            all &= r.withinLimit();
        }
        out.println(all ? "VERDICT every share <= 0.5 %: FP16 (GPU precision loss) may stay on"
                : "VERDICT a share is above 0.5 %: the app must disable GPU precision loss (GpuDelegate.Options.setPrecisionLossAllowed(false))");
        out.printf(Locale.ROOT, "wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    // ------------------------------------------------------------------ handwriting

    private static List<DecisionChanges> handwriting(File root, Path models, int writers, int threads, long seed, int limit, PrintStream out)
            throws IOException, TfliteFormatException, IncompatibleModelException {
        Path gePath = MoeFiles.shippedGe(models, Domain.HANDWRITING);
        TfliteModel geFile = read(gePath);
        Dataset test = Mnist.load(root, Mnist.Part.TEST);
        List<DecisionChanges> rows = new ArrayList<>();
        try (Fp16Comparison ge = new Fp16Comparison("handwriting GE (MNIST t10k)", geFile, threads)) {
            out.printf(Locale.ROOT, "handwriting GE %s: unsure below %.4f; %d t10k digits ...%n", gePath, ge.unsureBelow(), Math.min(limit, test.size()));
            run(ge, test, limit);
            rows.add(ge.changes());
            out.println(ge.changes().row(false));
        }
        if (writers == 0) return rows;
        Dataset train = Mnist.load(root, Mnist.Part.TRAIN);
        Dataset generic = HandwritingSplits.genericTest(test);
        test = null; // only its SD-3 part is needed from here on
        Personalizer personalizer = personalizer(Domain.HANDWRITING, gePath, geFile, threads, seed, true);
        List<HandwritingSplits.UserSplit> users = HandwritingSplits.evaluationUsers(train);
        train = null;
        // Only mixtures whose gate can open: where the do-no-harm guard keeps the GE (it reads every taught digit
        // right, as the shipped GE mostly does on MNIST train's writers) the route is the GE whatever the
        // precision, and the answers are the GE's, measured above. The skipped writers are listed.
        List<DecisionChanges> mixtures = new ArrayList<>();
        List<Integer> guarded = new ArrayList<>();
        for (HandwritingSplits.UserSplit u : users) {
            if (mixtures.size() >= writers) break;
            Personalization p = personalizer.personalize(u.personalization());
            if (p.guardedToGe()) {
                guarded.add(u.writerId());
                continue;
            }
            TfliteModel mixture = TfliteReader.read(MixtureFile.write(p.mixture(), Domain.HANDWRITING, GeHash.of(geFile),
                    SampleSource.of(u.personalization()), ConfidenceThreshold.fromMetadata(LocalExpertMetadata.read(geFile)),
                    new MixtureFile.Provenance("fp16-writer-" + u.writerId(), "MNIST train writer " + u.writerId(), CREATED)));
            String name = String.format(Locale.ROOT, "hw mixture writer %d", u.writerId());
            try (Fp16Comparison c = new Fp16Comparison(name, mixture, threads)) {
                run(c, u.heldOut(), limit);
                run(c, generic, limit);
                mixtures.add(c.changes());
                out.println(c.changes().row(true));
            }
        }
        out.printf(Locale.ROOT, "skipped %d evaluation writers whose guard keeps the GE (gate never opens): %s%n", guarded.size(), guarded);
        rows.addAll(mixtures);
        if (!mixtures.isEmpty()) rows.add(DecisionChanges.pool("handwriting mixtures, pooled", mixtures));
        return rows;
    }

    // ------------------------------------------------------------------ plant

    private static List<DecisionChanges> plant(File root, Path models, int draws, int k, int threads, long seed, int limit, PrintStream out)
            throws IOException, TfliteFormatException, IncompatibleModelException {
        Path gePath = MoeFiles.shippedGe(models, Domain.PLANT);
        TfliteModel geFile = read(gePath);
        List<String> labels = LocalExpertMetadata.read(geFile).labels();
        GlobalExpert geModel = MoeFiles.readGe(gePath);
        int size = geModel.inputShape()[0];
        ImageDecoder decoder = new ImageIoDecoder();
        PhotoPreprocessor photos = new PhotoPreprocessor(size);
        // Listed, not decoded: the splits depend on names and file contents only; each photo is decoded when it is scored.
        Dataset daphal = ImageFolderDataset.list(DataLocation.require(root, DataLocation.SUGARCANE_DAPHAL), Collections.<String, String>emptyMap());
        Dataset tomato = ImageFolderDataset.list(DataLocation.require(root, DataLocation.PLANTVILLAGE_TOMATO), Collections.<String, String>emptyMap());
        Dataset daphalTest = PlantRecipes.relabel(PlantSplits.daphal(daphal, decoder).test(), labels);
        Dataset tomatoTest = PlantRecipes.relabel(PlantSplits.tomato(tomato, decoder).test(), labels);
        Dataset farm = PlantRecipes.relabel(ImageFolderDataset.list(DataLocation.require(root, FARM_SET), FARM_LABEL_MAP), labels);
        out.printf(Locale.ROOT, "plant GE %s: %d px; test splits Daphal %d, tomato %d photos; farm %d photos%n", gePath, size,
                daphalTest.size(), tomatoTest.size(), farm.size());

        List<DecisionChanges> rows = new ArrayList<>();
        List<Fp16Comparison> mixtures = new ArrayList<>();
        List<Set<Example>> heldOut = new ArrayList<>();
        try (Fp16Comparison ge = new Fp16Comparison("plant GE (Daphal + tomato test)", geFile, threads)) {
            out.printf(Locale.ROOT, "unsure below %.4f%n", ge.unsureBelow());
            if (draws > 0) {
                Personalizer personalizer = personalizer(Domain.PLANT, gePath, geFile, threads, seed, false);
                for (int d = 0; d < draws; d++) {
                    PlantSplits.FarmDraw draw = PlantSplits.farmDraw(farm, k, d, decoder);
                    Dataset taught = decoded(draw.personalization(), photos, decoder);
                    Personalization p = personalizer.personalize(taught);
                    TfliteModel mixture = TfliteReader.read(MixtureFile.write(p.mixture(), Domain.PLANT, GeHash.of(geFile), SampleSource.of(taught),
                            ConfidenceThreshold.fromMetadata(LocalExpertMetadata.read(geFile)),
                            new MixtureFile.Provenance("fp16-farm-k" + k + "-draw" + d, FARM_SET + " k=" + k + " draw " + d, CREATED)));
                    mixtures.add(new Fp16Comparison(String.format(Locale.ROOT, "plant mixture farm k=%d draw %d", k, d), mixture, threads));
                    Set<Example> held = Collections.newSetFromMap(new IdentityHashMap<Example, Boolean>());
                    held.addAll(draw.heldOut().examples());
                    heldOut.add(held);
                    out.printf(Locale.ROOT, "farm draw %d: %d photos taught, %d held out; %s%n", d, taught.size(), held.size(),
                            p.guardedToGe() ? "guard keeps the GE" : "gate open");
                }
            }
            long t0 = System.nanoTime();
            int done = 0;
            // Each photo is decoded once and scored by every model that is tested on it.
            for (Dataset set : new Dataset[] {daphalTest, tomatoTest}) {
                int n = 0;
                for (Example e : set.examples()) {
                    if (n++ >= limit) break;
                    float[] x = photos.apply(decoder.decode(new File(e.source()), photos.decodeTarget()));
                    ge.check(x);
                    if (set == daphalTest) for (Fp16Comparison m : mixtures) m.check(x);
                    progress(++done, t0, out);
                }
            }
            int[] farmScored = new int[mixtures.size()];
            for (Example e : farm.examples()) {
                float[] x = null;
                for (int d = 0; d < mixtures.size(); d++) {
                    if (!heldOut.get(d).contains(e) || farmScored[d] >= limit) continue;
                    if (x == null) x = photos.apply(decoder.decode(new File(e.source()), photos.decodeTarget()));
                    mixtures.get(d).check(x);
                    farmScored[d]++;
                }
                if (x != null) progress(++done, t0, out);
            }
            rows.add(ge.changes());
            List<DecisionChanges> tallies = new ArrayList<>();
            for (Fp16Comparison m : mixtures) tallies.add(m.changes());
            rows.addAll(tallies);
            if (!tallies.isEmpty()) rows.add(DecisionChanges.pool("plant mixtures, pooled", tallies));
        } finally {
            for (Fp16Comparison m : mixtures) m.close();
        }
        return rows;
    }

    private static void progress(int done, long t0, PrintStream out) {
        if (done % 100 == 0) out.printf(Locale.ROOT, "  %d photos scored (%.0f s)%n", done, (System.nanoTime() - t0) / 1e9);
    }

    /** {@code listed}'s photos decoded for the model (the few a farm teaches). */
    private static Dataset decoded(Dataset listed, PhotoPreprocessor photos, ImageDecoder decoder) {
        List<Example> ex = new ArrayList<>();
        for (Example e : listed.examples()) {
            ex.add(new Example(photos.apply(decoder.decode(new File(e.source()), photos.decodeTarget())), photos.shape(), e.label(), e.source()));
        }
        return new Dataset(ex, listed.labelNames(), photos.shape());
    }

    /**
     * The phone's personalizer: the shipped GE with the replay features shipped beside it, the domain's defaults
     * (handwriting: real writers may teach a digit once, as in bench-personalization).
     */
    private static Personalizer personalizer(Domain domain, Path gePath, TfliteModel geFile, int threads, long seed, boolean onePerClass)
            throws IOException {
        GlobalExpert ge = MoeFiles.readGe(gePath);
        Path replay = gePath.resolveSibling(ReplayFeatures.FILE_NAME);
        if (!Files.isRegularFile(replay)) throw new UserError("no " + replay + " beside the GE");
        ReplayFeatures features = ReplayFeatures.read(replay, GeHash.of(geFile));
        org.localexpert.core.moe.PersonalizationOptions.Builder b = domain.defaults().seed(seed).threads(threads);
        if (onePerClass) b.minPerClass(1);
        return new Personalizer(domain, ge, features, b.build());
    }

    private static void run(Fp16Comparison c, Dataset d, int limit) {
        int n = 0;
        for (Example e : d.examples()) {
            if (n++ >= limit) break;
            c.check(e.features());
        }
    }

    private static TfliteModel read(Path file) throws IOException, TfliteFormatException {
        if (!Files.isRegularFile(file)) throw new UserError("no such model file: " + file + " (run from the project root, or --models DIR)");
        return TfliteReader.read(file);
    }
}
