package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.model.Model;
import org.localexpert.core.moe.BenchmarkGe;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.MixtureScore;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.ReplaySample;
import org.localexpert.core.train.Trainer;
import org.localexpert.core.train.TrainerOptions;

/**
 * {@code localexpert demo}: the README's main job. Takes the shipped handwriting GE, personalizes it
 * for one real writer it never saw (a writer of MNIST t10k with at least 100 digits: first half
 * taught, second half held out) and prints before/after accuracy, gate usage and the time taken.
 */
final class DemoCommand implements Command {
    static final String SHIPPED_DIR = "models/handwriting";
    /** Writers with fewer digits leave too small a held-out half to show any difference. */
    private static final int MIN_DIGITS = 100;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "personalize the shipped handwriting GE for one real unseen writer, before/after";
    }

    @Override
    public String usage() {
        return "usage: localexpert demo [--data DIR] [--ge GE.tflite] [--out personal.tflite]\n"
                + "  Uses the shipped GE in models/handwriting/ (or --ge), MNIST + QMNIST from --data (default ../shared/data).";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        String data = args.get("data", null);
        String geArg = args.get("ge", null);
        String outFile = args.get("out", null);
        args.rejectUnknown();
        File root = data != null ? new File(data) : org.localexpert.core.data.DataLocation.root();
        Dataset train, test;
        try {
            test = Mnist.load(root, Mnist.Part.TEST);
            train = Mnist.load(root, Mnist.Part.TRAIN);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }

        GlobalExpert ge;
        MoeFiles.Loaded geFile = null;
        File shipped = geArg != null ? new File(geArg) : findShippedGe(new File("."));
        if (shipped != null) {
            out.println("global expert: " + shipped);
            geFile = MoeFiles.read(shipped.toPath());
            ge = MoeFiles.readGe(shipped.toPath());
        } else {
            out.println("NOTE: no shipped GE in " + SHIPPED_DIR + "/ yet (it comes from `localexpert train-ge`); training a quick");
            out.println("      stand-in LeNet-5 on MNIST train (1 epoch, a minute or two) — its accuracy is below the shipped one's.");
            Model quick = BenchmarkGe.untrained();
            new Trainer(TrainerOptions.builder().epochs(1).batchSize(64).seed(BenchmarkGe.SEED)
                    .threads(Runtime.getRuntime().availableProcessors()).build()).train(quick, train);
            ge = GlobalExpert.of(BenchmarkGe.withSoftmax(quick), Mnist.LABELS);
        }

        // The unseen writer: among the writers of MNIST t10k with at least MIN_DIGITS digits (33 of
        // them; enough that the held-out half can show a difference), the one the GE gets most wrong
        // on the half they teach (the held-out half plays no part in the choice).
        Map<Integer, Dataset> writers = test.byWriter();
        Dataset teach = null, heldOut = null;
        int writer = -1, worst = -1;
        for (Map.Entry<Integer, Dataset> w : writers.entrySet()) {
            if (w.getValue().size() < MIN_DIGITS) continue;
            List<Example> digits = new ArrayList<>(w.getValue().examples());
            Collections.sort(digits, Comparator.comparingInt(Example::digitIndex));
            int half = digits.size() / 2;
            Dataset t = new Dataset(digits.subList(0, half), Mnist.LABELS, Mnist.SHAPE);
            int errors = geErrors(ge, t);
            if (errors > worst) {
                worst = errors;
                writer = w.getKey();
                teach = t;
                heldOut = new Dataset(digits.subList(half, digits.size()), Mnist.LABELS, Mnist.SHAPE);
            }
        }
        if (writer < 0) throw new UserError("no writer with " + MIN_DIGITS + " or more digits in MNIST t10k under " + root);
        out.printf(Locale.ROOT, "writer %d (NIST %s, in MNIST t10k: never seen by the GE; of the unseen writers with %d+ digits,%n"
                + "  the one the GE gets most wrong on the digits they teach): %d digits taught (GE wrong on %d), %d held out%n",
                writer, teach.examples().get(0).series() == Mnist.SERIES_SD1 ? "SD-1, a high-school student" : "SD-3, a Census employee",
                MIN_DIGITS, teach.size(), worst, heldOut.size());

        // The replay sample shipped next to the GE when there is one (what the app uses); else the
        // same seeded draw from MNIST train that write-replay makes.
        Dataset replay = shipped != null ? ReplayFiles.inputsNextTo(shipped.toPath(), Domain.HANDWRITING, ge) : null;
        if (replay == null) replay = ReplaySample.select(train, ReplaySample.DEFAULT_PER_CLASS, ReplaySample.DEFAULT_SEED);
        Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replay, PersonalizationOptions.builder().threads(1).minPerClass(1).build());
        Personalization result;
        try {
            result = p.personalize(teach);
        } catch (org.localexpert.core.moe.PersonalizationException e) {
            throw new UserError(e.getMessage());
        }
        MixtureScore s = MixtureScore.of(result.mixture(), p.features(heldOut, result.mixture().labels()));
        out.printf(Locale.ROOT, "before (GE alone):   %.1f %% on the held-out digits (%d errors)%n", 100 * s.geAccuracy(), s.geErrors);
        out.printf(Locale.ROOT, "after  (GE+LE+GN):   %.1f %% (%d errors); the gate sent %.0f %% of them to the local expert%n",
                100 * s.accuracy(), s.errors, 100 * s.gateShare());
        if (result.guardEvidence() != null) {
            out.printf(Locale.ROOT, "routing: %s (the do-no-harm guard's %s)%n", result.routingChoice(), result.guardEvidence());
        }
        out.printf(Locale.ROOT, "personalization took %.2f s on 1 thread; %s%n", result.totalSeconds(), result.mixture().costSummary());
        if (outFile != null) {
            if (geFile == null) throw new UserError("--out needs a GE .tflite (--ge or the shipped one) to tie the mixture to");
            MoeFiles.writeMixture(result.mixture(), Paths.get(outFile), MoeFiles.geHash(geFile), org.localexpert.core.data.SampleSource.of(teach), "handwriting", null);
            out.println("wrote " + outFile);
        }
        return 0;
    }

    private static int geErrors(GlobalExpert ge, Dataset d) {
        org.localexpert.core.moe.FeatureSet fs = ge.features(d, 1);
        int e = 0;
        for (int i = 0; i < fs.size(); i++) if (fs.gePrediction(i) != fs.label(i)) e++;
        return e;
    }

    /** The shipped GE file's name; models/handwriting/ also holds benchmark-ge.tflite, which is not the shipped one. */
    static final String SHIPPED_GE = "handwriting-ge.tflite";

    static File findShippedGe(File projectRoot) {
        File ge = new File(new File(projectRoot, SHIPPED_DIR), SHIPPED_GE);
        return ge.isFile() ? ge : null;
    }
}
