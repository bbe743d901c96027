package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.PlantReplay;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.predict.GoldenSet;
import org.localexpert.host.ImageIoDecoder;
import org.localexpert.host.PhotoJpeg;

/**
 * The generic replay sample in its two forms: the inputs ({@code replay.bin} beside the GE, drawn from
 * the GE's training data by {@code write-replay}) and the GE's features of them
 * ({@link ReplayFeatures#FILE_NAME} beside the GE), which is what ships and what personalization reads.
 */
public final class ReplayFiles {
    private ReplayFiles() {}

    /** The replay inputs beside {@code gePath}, or null when there is no {@code replay.bin}. */
    public static Dataset inputsNextTo(Path gePath, Domain domain, GlobalExpert ge) {
        Path path = MoeFiles.replayNextTo(gePath);
        return path == null ? null : readInputs(path, domain, ge);
    }

    /** A replay-inputs file of {@code domain} in the GE's labels. */
    public static Dataset readInputs(Path path, Domain domain, GlobalExpert ge) {
        Dataset d;
        try (InputStream in = Files.newInputStream(path)) {
            d = domain.readReplay(in, new PhotoJpeg(), ge.inputShape(), path.toString());
        } catch (IOException e) {
            throw new UserError("cannot read the replay sample " + path + ": " + e.getMessage());
        }
        if (!d.labelNames().equals(ge.labels())) {
            throw new UserError("replay sample " + path + " has labels " + d.labelNames() + " but the GE has " + ge.labels());
        }
        return d;
    }

    /** The replay inputs drawn from the GE's training data under {@code root} (seeded: always the same sample). */
    public static Dataset draw(Domain domain, File root, GlobalExpert ge, PrintStream out) {
        try {
            if (domain == Domain.PLANT) {
                int size = ge.inputShape()[0];
                PlantSplits.Split daphal = PlantSplits.daphal(MoeFiles.loadPlantSet(root, "sugarcane-daphal", size, ge.labels(), Collections.emptyMap(), out), new ImageIoDecoder());
                PlantSplits.Split tomato = PlantSplits.tomato(MoeFiles.loadPlantSet(root, "plantvillage-tomato", size, ge.labels(), Collections.emptyMap(), out), new ImageIoDecoder());
                Dataset d = PlantReplay.select(Arrays.asList(daphal.train(), tomato.train()), ge.labels(), PlantReplay.DEFAULT_PER_CLASS, PlantReplay.DEFAULT_SEED);
                out.printf(Locale.ROOT, "replay sample: %d photos drawn (seed %d) from the Daphal and tomato train splits under %s%n", d.size(),
                        PlantReplay.DEFAULT_SEED, root);
                return d;
            }
            if (!ge.labels().equals(Mnist.LABELS)) {
                throw new UserError("this GE's classes " + ge.labels() + " are not the MNIST digits: pass its replay sample with --replay FILE");
            }
            Dataset train = Mnist.load(root, Mnist.Part.TRAIN);
            out.println("replay sample: " + ReplaySample.DEFAULT_PER_CLASS * 10 + " digits drawn (seeded) from MNIST train under " + root);
            return ReplaySample.select(train, ReplaySample.DEFAULT_PER_CLASS, ReplaySample.DEFAULT_SEED);
        } catch (DataException e) {
            throw new UserError("no replay sample: pass --replay FILE, write one with `localexpert write-replay`, or give --data DIR ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * Writes the replay inputs to {@code inputsFile} ({@code replay.bin}) and the GE's features of them, as read back
     * from that file (JPEG-compressed photos are what every later read sees), to {@link ReplayFeatures#FILE_NAME} beside it.
     */
    static void write(Path inputsFile, Domain domain, GlobalExpert ge, String geHash, Dataset inputs, PrintStream out) throws IOException {
        if (domain == Domain.PLANT) {
            PhotoJpeg.write(inputs, inputsFile);
        } else {
            ReplaySample.write(inputs, inputsFile);
        }
        out.printf(Locale.ROOT, "wrote %s: %d replay %s; %,d bytes%n", inputsFile, inputs.size(), domain.sampleNoun(true), Files.size(inputsFile));
        writeFeatures(inputsFile.toAbsolutePath().resolveSibling(ReplayFeatures.FILE_NAME), geHash, ge, readInputs(inputsFile, domain, ge), out);
    }

    /**
     * Writes the {@link GoldenSet} drawn from the replay inputs in {@code replayFile} beside it ({@code golden.bin}, in the
     * domain's replay format): the inputs the app runs through the GPU and the CPU before it trusts the GPU with a model.
     */
    static Path writeGolden(Path replayFile, Domain domain, GlobalExpert ge, PrintStream out) throws IOException {
        Dataset golden = GoldenSet.select(readInputs(replayFile, domain, ge), GoldenSet.size(domain));
        Path file = replayFile.toAbsolutePath().resolveSibling(GoldenSet.FILE_NAME);
        if (domain == Domain.PLANT) {
            PhotoJpeg.write(golden, file);
        } else {
            ReplaySample.write(golden, file);
        }
        out.printf(Locale.ROOT, "wrote %s: %d golden %s; %,d bytes%n", file, golden.size(), domain.sampleNoun(true), Files.size(file));
        return file;
    }

    /** Computes the GE's features of {@code inputs} with the Java engine (the reference) and writes them to {@code file}. */
    static ReplayFeatures writeFeatures(Path file, String geHash, GlobalExpert ge, Dataset inputs, PrintStream out) throws IOException {
        ReplayFeatures rf;
        try (FeatureExtractor fx = FeatureExtractor.java(ge)) {
            rf = ReplayFeatures.compute(ge, geHash, inputs, fx);
        }
        rf.write(file);
        out.printf(Locale.ROOT, "wrote %s: the GE's features of %d replay inputs (%d wide, for %s…); %,d bytes%n", file, rf.size(),
                ge.featureSize(), geHash.substring(0, Math.min(geHash.length(), 27)), Files.size(file));
        return rf;
    }

    static Path featuresPathNextTo(Path gePath) {
        Path dir = gePath.toAbsolutePath().getParent();
        return dir.resolve(ReplayFeatures.FILE_NAME);
    }

    /**
     * The replay features {@code personalize} uses: {@code --replay FILE} (replay features, or replay inputs that
     * are featurized here), else the features file beside the GE, else the inputs beside it, else drawn from
     * {@code data}. Inputs are featurized by {@code extractor}, one at a time.
     */
    static ReplayFeatures forPersonalization(String replayArg, Path gePath, String geHash, GlobalExpert ge, Domain domain, String data,
                                             FeatureExtractor extractor, PrintStream out) {
        Path path = replayArg != null ? Paths.get(replayArg) : featuresPathNextTo(gePath);
        if (replayArg != null && !Files.isRegularFile(path)) throw new UserError("no such replay file: " + path);
        Dataset inputs = null;
        if (Files.isRegularFile(path)) {
            try {
                ReplayFeatures rf = ReplayFeatures.read(path, geHash);
                out.printf(Locale.ROOT, "replay sample: %s (features of %d inputs)%n", path, rf.size());
                return rf;
            } catch (IOException e) {
                if (replayArg == null || e.getMessage().contains("another global expert")) {
                    throw new UserError("cannot use the replay features " + path + ": " + e.getMessage());
                }
                // --replay may name the replay inputs themselves (replay.bin): featurized below.
                try {
                    inputs = readInputs(path, domain, ge);
                } catch (UserError notInputs) {
                    throw new UserError(path + " is neither replay features nor replay inputs: " + e.getMessage());
                }
                out.printf(Locale.ROOT, "replay sample: %s (%d inputs)%n", path, inputs.size());
            }
        }
        if (inputs == null) {
            inputs = inputsNextTo(gePath, domain, ge);
            if (inputs != null) {
                out.printf(Locale.ROOT, "replay sample: %s (%d inputs beside the GE)%n", MoeFiles.replayNextTo(gePath), inputs.size());
            } else {
                inputs = draw(domain, data != null ? new File(data) : DataLocation.root(), ge, out);
            }
        }
        return ReplayFeatures.compute(ge, geHash, inputs, extractor);
    }
}
