package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.ImageFolderSource;
import org.localexpert.core.moe.CrossValidation;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.PersonalConfidence;
import org.localexpert.core.moe.Progress;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.moe.Routing;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code localexpert personalize}: trains LE + GN on a user's image folder and writes the one mixture
 * .tflite — handwriting or leaf photos, whichever the GE takes, through the one {@link Personalizer}
 * the app runs: inputs read one at a time, GE features from real TFLite (the Java engine when TFLite
 * cannot load), the replay sample as shipped features, and the estimate printed from the same
 * features and the same training code as the written file.
 */
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
                + "           [--replay FILE] [--data DIR] [--folds K] [--seed S] [--routing soft|hard] [--label-map A=B] [--engine tflite|java]\n"
                + "  DIR holds DIR/<label>/*.png|jpg (drawings for a handwriting GE, leaf photos of any size for the plant GE);\n"
                + "  labels the GE does not know become new classes.\n"
                + "  --replay FILE  the generic replay sample: by default " + ReplayFeatures.FILE_NAME + " next to the GE (written by\n"
                + "                 `localexpert write-replay`), else replay.bin there, else drawn from --data (default ../shared/data).\n"
                + "  --engine       what computes the GE's features: real TFLite (default; the Java engine if it cannot load) or java.\n"
                + "  Prints progress and a before/after accuracy estimate by K-fold cross-validation (default 5).";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        Path gePath = Paths.get(args.require("ge"));
        File userDir = new File(args.require("user-data"));
        Path outPath = Paths.get(args.require("out"));
        String replayFile = args.get("replay", null);
        String data = args.get("data", null);
        int folds = args.getInt("folds", 5);
        long seed = args.getLong("seed", 1);
        String routing = args.get("routing", null);
        String engine = args.get("engine", "tflite");
        Map<String, String> labelMap = MoeFiles.labelMap(args.all("label-map"));
        args.rejectUnknown();
        if (folds < 2) throw new UserError("--folds must be >= 2");
        if (!engine.equals("tflite") && !engine.equals("java")) throw new UserError("--engine must be tflite or java, got '" + engine + "'");

        out.println("reading the global expert " + gePath);
        MoeFiles.Loaded geFile = MoeFiles.read(gePath);
        GlobalExpert ge = MoeFiles.readGe(geFile, gePath);
        Domain domain = MoeFiles.domainOf(geFile);
        PersonalizationOptions options = domain.defaults().seed(seed).threads(1).build();
        if (routing != null) options = DesignOptions.from(options).routing(routing(routing, domain)).build();
        ImageFolderSource user;
        try {
            user = ImageFolderSource.open(userDir, domain.preprocessor(ge.inputShape()), new ImageIoDecoder(), labelMap);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        try {
            Personalizer.validate(domain, user, options.minPerClass());
            String geHash = MoeFiles.geHash(geFile);
            try (FeatureExtractor fx = engine.equals("java") ? FeatureExtractor.java(ge)
                    : FeatureExtractor.open(ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(1)))) {
                out.println("GE features computed by " + fx.backend()
                        + (fx.fallbackReason() != null ? " (TFLite could not be used: " + fx.fallbackReason() + ")" : ""));
                ReplayFeatures replay = ReplayFiles.forPersonalization(replayFile, gePath, geHash, ge, domain, data, fx, out);
                Personalizer p = new Personalizer(domain, ge, replay, options);
                List<String> union = p.unionLabels(user.labelNames());
                out.printf(Locale.ROOT, "%d %s from %s, classes %s%s%n", user.size(), domain.sampleNoun(true), userDir, counts(user),
                        union.size() > ge.numClasses() ? " (new classes: " + union.subList(ge.numClasses(), union.size()) + ")" : "");
                Personalizer.UserFeatures uf;
                try {
                    uf = p.features(user, fx, printer(out));
                } catch (DataException e) {
                    throw new UserError(e.getMessage());
                }
                out.printf(Locale.ROOT, "  %d GE passes (%d %s, %d augmented copies each) in %.1f s%n", user.size() * (1 + options.augmentCopies()),
                        user.size(), domain.sampleNoun(true), options.augmentCopies(), uf.seconds());
                out.printf(Locale.ROOT, "estimating before/after by %d-fold cross-validation ...%n", folds);
                CrossValidation cv = p.crossValidate(uf, folds);
                out.println("  " + cv);
                out.printf(Locale.ROOT, "training the local expert and the gate on all %s ...%n", domain.sampleNoun(true));
                Personalization result = p.train(uf);
                out.println("  " + result);
                // The personal model's own confidence cut where the GE's would flag the user's own samples (PersonalConfidence).
                ConfidenceThreshold geUnsure = ConfidenceThreshold.fromMetadata(geFile.metadata);
                ConfidenceThreshold unsure = geUnsure == null ? null
                        : PersonalConfidence.cut(geUnsure, folds == PersonalConfidence.FOLDS ? cv : p.crossValidate(uf, PersonalConfidence.FOLDS));
                if (unsure != null && unsure != geUnsure) out.printf(Locale.ROOT, "  unsure below %.4f (%s)%n", unsure.value(), unsure.derivation());
                // The GE's familiarity cut travels with the user's taught samples' features, so the mixture finds their classes familiar.
                Familiarity familiarity = Familiarity.fromMetadata(geFile.metadata, replay.features().features(), ge.featureSize());
                MoeFiles.writeMixture(result.mixture(), outPath, geHash, user, domain, unsure, familiarity, uf.originals());
                out.printf(Locale.ROOT, "wrote %s (%,d bytes): outputs %s%n", outPath, Files.size(outPath), Mixture.OUTPUT_NAMES);
            }
            return 0;
        } catch (PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static Routing routing(String name, Domain domain) {
        Routing r;
        try {
            r = Routing.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--routing must be soft or hard, got '" + name + "'");
        }
        if (domain == Domain.PLANT && r != Routing.HARD) {
            throw new UserError("a plant mixture routes hard (one expert per photo, chosen by measurement); --routing " + name + " is for handwriting only");
        }
        return r;
    }

    private static String counts(ImageFolderSource user) {
        StringBuilder b = new StringBuilder("[");
        int[] c = user.classCounts();
        for (int i = 0; i < c.length; i++) b.append(i == 0 ? "" : ", ").append(user.labelNames().get(i)).append(' ').append(c[i]);
        return b.append(']').toString();
    }

    /** A line at every tenth of the work. */
    private static Progress printer(PrintStream out) {
        int[] lastTenth = {0};
        return (done, total, what) -> {
            int tenth = (int) (10L * done / total);
            if (tenth > lastTenth[0]) {
                lastTenth[0] = tenth;
                out.printf(Locale.ROOT, "  %s: %d of %d GE passes%n", what, done, total);
            }
        };
    }
}
