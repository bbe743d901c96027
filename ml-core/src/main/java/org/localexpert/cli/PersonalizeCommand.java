package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.moe.CrossValidation;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.HandwritingFolder;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.moe.Routing;
import org.localexpert.core.data.host.ImageIoDecoder;

/** {@code localexpert personalize}: trains LE + GN on a user's samples and writes the one mixture .tflite. */
final class PersonalizeCommand implements Command {
    @Override
    public String name() {
        return "personalize";
    }

    @Override
    public String summary() {
        return "train a local expert + gate on your samples and write the mixture .tflite";
    }

    @Override
    public String usage() {
        return "usage: localexpert personalize --ge GE.tflite --user-data DIR --out personal.tflite\n"
                + "           [--replay FILE | --data DIR] [--folds K] [--seed S] [--routing soft|hard] [--label-map A=B]\n"
                + "  DIR holds DIR/<label>/*.png|jpg (any size, any polarity); labels the GE does not know become new classes.\n"
                + "  --replay FILE  the generic replay sample shipped with the app; by default replay.bin next to the GE\n"
                + "                 (written by `localexpert write-replay`), else 300 digits drawn from MNIST train under\n"
                + "                 --data (default ../shared/data).\n"
                + "  Prints progress and a before/after accuracy estimate by K-fold cross-validation (default 5).";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        Path gePath = Paths.get(args.require("ge"));
        if (FarmCommands.isPlant(gePath)) return FarmCommands.personalize(args, out); // a plant GE: the farm's photo folder
        File userDir = new File(args.require("user-data"));
        Path outPath = Paths.get(args.require("out"));
        String replayFile = args.get("replay", null);
        String data = args.get("data", null);
        int folds = args.getInt("folds", 5);
        long seed = args.getLong("seed", 1);
        String routing = args.get("routing", "soft");
        java.util.Map<String, String> labelMap = MoeFiles.labelMap(args.all("label-map"));
        args.rejectUnknown();
        if (folds < 2) throw new UserError("--folds must be >= 2");
        Routing r;
        try {
            r = Routing.valueOf(routing.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--routing must be soft or hard, got '" + routing + "'");
        }

        out.println("reading the global expert " + gePath);
        MoeFiles.Loaded geFile = MoeFiles.read(gePath);
        GlobalExpert ge = MoeFiles.readGe(gePath);
        out.println("reading your samples from " + userDir);
        Dataset user;
        try {
            user = HandwritingFolder.load(userDir, new ImageIoDecoder(), labelMap);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        PersonalizationOptions options = PersonalizationOptions.builder().seed(seed).threads(1).routing(r).build();
        try {
            Personalizer.validate(user, ge.inputShape(), options.minPerClass());
            Dataset replay = loadReplay(replayFile, gePath, data, ge, out);
            Personalizer p = new Personalizer(ge, replay, options);
            p.validate(user);
            java.util.List<String> union = p.unionLabels(user.labelNames());
            out.printf(Locale.ROOT, "%d samples, classes %s%s%n", user.size(), user.labelNames(),
                    union.size() > ge.numClasses() ? " (new classes: " + union.subList(ge.numClasses(), union.size()) + ")" : "");
            out.printf(Locale.ROOT, "estimating before/after by %d-fold cross-validation ...%n", folds);
            CrossValidation cv = p.crossValidate(user, folds);
            out.println("  " + cv);
            out.println("training the local expert and the gate on all samples ...");
            Personalization result = p.personalize(user);
            out.println("  " + result);
            MoeFiles.writeMixture(result.mixture(), outPath, MoeFiles.geHash(geFile), user);
            out.printf(Locale.ROOT, "wrote %s (%,d bytes): outputs %s%n", outPath, Files.size(outPath),
                    org.localexpert.core.moe.Mixture.OUTPUT_NAMES);
            return 0;
        } catch (PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * The generic replay sample: {@code --replay FILE}, else the one shipped next to the GE (so no data
     * set is needed), else drawn from MNIST train under {@code data}.
     */
    static Dataset loadReplay(String replayFile, Path gePath, String data, GlobalExpert ge, PrintStream out) {
        if (replayFile == null && gePath != null) {
            Path shipped = MoeFiles.replayNextTo(gePath);
            if (shipped != null) {
                replayFile = shipped.toString();
                out.println("replay sample: " + shipped + " (shipped next to the GE)");
            }
        }
        if (replayFile != null) {
            try {
                Dataset d = ReplaySample.read(Paths.get(replayFile));
                if (!d.labelNames().equals(ge.labels())) {
                    throw new UserError("replay sample " + replayFile + " has labels " + d.labelNames() + " but the GE has " + ge.labels());
                }
                return d;
            } catch (IOException e) {
                throw new UserError("cannot read the replay sample " + replayFile + ": " + e.getMessage());
            }
        }
        if (!ge.labels().equals(Mnist.LABELS)) {
            throw new UserError("this GE's classes " + ge.labels() + " are not the MNIST digits: pass its replay sample with --replay FILE");
        }
        File root = data != null ? new File(data) : org.localexpert.core.data.DataLocation.root();
        try {
            Dataset train = Mnist.load(root, Mnist.Part.TRAIN);
            out.println("replay sample: 300 digits drawn (seeded) from MNIST train under " + root);
            return ReplaySample.select(train, ReplaySample.DEFAULT_PER_CLASS, ReplaySample.DEFAULT_SEED);
        } catch (DataException e) {
            throw new UserError("no replay sample: pass --replay FILE, or --data DIR with MNIST (" + e.getMessage() + ")");
        }
    }
}
