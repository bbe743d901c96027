package org.localexpert.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.eval.Evaluation;
import org.localexpert.core.eval.Evaluator;
import org.localexpert.core.model.Model;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.GpuCompatibility;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.core.tflite.TfliteWriter;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * What {@code train-ge --domain plant} measures on a plant GE file, and {@code --score FILE} alone:
 * accuracy on the fixed validation and test splits ({@link PlantSplits}), the "unsure" threshold
 * calibrated on validation, size, GPU check and latency on real TFLite. Also the photo loading both
 * share, so the training run and a later score read the photos the same way.
 */
public final class PlantGeScore {
    private PlantGeScore() {}

    /**
     * {@code --score FILE}: a written plant GE scored on the fixed validation and test splits, read
     * back into the Java engine, with its size, GPU check and latency — how a model trained with
     * {@code --no-test} (candidates compared on validation only) gets its test figures once chosen.
     */
    static int run(Path file, Path data, Args args, PrintStream out) throws Exception {
        int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
        boolean writeUnsure = args.flag("write-unsure");
        args.rejectUnknown();
        if (!Files.isRegularFile(file)) throw new UserError("--score: no such model file: " + file);
        TfliteModel tflite = TfliteReader.read(file);
        LocalExpertMetadata meta = LocalExpertMetadata.read(tflite);
        int size = imageSize(meta, file);
        List<String> labels = meta.labels();
        Dataset daphal, tomato;
        try {
            daphal = load(data, DataLocation.SUGARCANE_DAPHAL, size, out);
            tomato = load(data, DataLocation.PLANTVILLAGE_TOMATO, size, out);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        PlantSplits.Split ds = PlantSplits.daphal(daphal, new ImageIoDecoder()), ts = PlantSplits.tomato(tomato, new ImageIoDecoder());
        Model model = ModelImporter.toModel(tflite);
        model.setThreads(threads);
        if (writeUnsure) {
            // Only the metadata changes: the weights, hence the GE hash, stay as they are.
            Dataset val = null;
            for (Dataset v : new Dataset[] {ds.validation(), ts.validation()}) {
                if (!labels.containsAll(v.labelNames())) continue; // the other crop of a one-crop GE
                val = val == null ? PlantRecipes.relabel(v, labels) : val.concat(PlantRecipes.relabel(v, labels));
            }
            if (val == null) throw new UserError(file + ": none of its labels are Daphal's or tomato's, nothing to calibrate on");
            calibrate(model, val).writeTo(meta);
            meta.writeTo(tflite);
            TfliteWriter.write(tflite, file);
            out.println("wrote the calibrated threshold into " + file);
        }
        String[] names = {"Daphal validation", "tomato validation", "Daphal test", "tomato test"};
        Dataset[] sets = {ds.validation(), ts.validation(), ds.test(), ts.test()};
        for (int i = 0; i < sets.length; i++) {
            if (!labels.containsAll(sets[i].labelNames())) {
                out.println(names[i] + ": skipped, not a crop of this model (its labels are not all in the model)");
                continue;
            }
            Evaluation e = Evaluator.evaluate(model, PlantRecipes.relabel(sets[i], labels), 32);
            out.printf(Locale.ROOT, "%s (%d photos): accuracy %.2f %% (%d right), macro F1 over its %d classes %.3f, ECE %.3f%n", names[i],
                    sets[i].size(), 100 * e.accuracy(), Math.round(e.accuracy() * sets[i].size()), e.confusion().presentClasses(), e.macroF1(),
                    e.expectedCalibrationError());
            out.print(e.report());
        }
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(tflite);
        ConfidenceThreshold stored = ConfidenceThreshold.fromMetadata(meta);
        out.printf(Locale.ROOT, "%s: %,d bytes, GE hash %s, %s; GPU check: %s%n", file, Files.size(file), GeHash.of(tflite),
                stored == null ? "no calibrated unsure threshold in the metadata" : stored, problems.isEmpty() ? "passes" : problems.toString());
        latency(file, size, out);
        return problems.isEmpty() ? 0 : 1;
    }

    /** The threshold for {@link ConfidenceThreshold#DEFAULT_TARGET_ACCURACY} on {@code val}, from {@code model}'s probabilities. */
    static ConfidenceThreshold calibrate(Model model, Dataset val) {
        float[] conf = new float[val.size()];
        boolean[] right = new boolean[val.size()];
        int per = val.featureSize();
        int[] shape = val.shape();
        for (int from = 0; from < val.size(); from += 32) {
            int n = Math.min(32, val.size() - from);
            float[] x = new float[n * per];
            for (int i = 0; i < n; i++) System.arraycopy(val.get(from + i).features(), 0, x, i * per, per);
            Tensor p = model.forward(Tensor.of(x, n, shape[0], shape[1], shape[2]), false);
            int k = p.dim(1);
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) if (p.data()[i * k + j] > p.data()[i * k + best]) best = j;
                conf[from + i] = p.data()[i * k + best];
                right[from + i] = best == val.get(from + i).label();
            }
        }
        return ConfidenceThreshold.calibrate(conf, right, ConfidenceThreshold.DEFAULT_TARGET_ACCURACY);
    }

    /** A plant GE's photo size from its metadata; a user error when the file carries no labels or size (not a plant GE). */
    public static int imageSize(LocalExpertMetadata meta, Path file) {
        if (meta == null || meta.labels().isEmpty() || !meta.properties().containsKey("image_size")) {
            throw new UserError(file + " has no LocalExpert label list or image_size in its metadata: not a plant GE");
        }
        return Integer.parseInt(meta.properties().get("image_size"));
    }

    /** One plant data set under {@code data}, every photo at {@code size} px, with progress lines. */
    public static Dataset load(Path data, String set, int size, PrintStream out) {
        File dir = DataLocation.require(data.toFile(), set);
        long t0 = System.nanoTime();
        ImageFolderDataset.Options o = new ImageFolderDataset.Options(new PhotoPreprocessor(size), new ImageIoDecoder())
                .progress(progress(out, "loading " + set, t0)::progress);
        Dataset d = ImageFolderDataset.load(dir, o).dataset();
        out.printf(Locale.ROOT, "loaded %s: %d photos, %d classes, %.0f s%n", set, d.size(), d.numClasses(), (System.nanoTime() - t0) / 1e9);
        return d;
    }

    /** A progress printer: one line at most every 15 s, and one at the end. */
    static PlantRecipes.FeatureProgress progress(PrintStream out, String what, long t0) {
        long[] last = {System.nanoTime()};
        return (done, total) -> {
            long now = System.nanoTime();
            if (now - last[0] >= 15_000_000_000L || done == total) {
                last[0] = now;
                double s = (now - t0) / 1e9;
                out.printf(Locale.ROOT, "  %s: %d/%d (%.0f s, ETA %.0f s)%n", what, done, total, s, done == 0 ? 0 : s * (total - done) / done);
            }
        };
    }

    /** Median latency of one photo on real TFLite (host, 1 thread, XNNPACK, direct buffers). */
    static void latency(Path file, int size, PrintStream out) {
        try (InferenceEngine e = HostTfliteEngine.open(file, new InferenceOptions().threads(1).xnnpack(true))) {
            float[] img = new float[size * size * 3];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
            for (int i = 0; i < 20; i++) e.run(img);
            double[] ms = new double[200];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                e.run(img);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            out.printf(Locale.ROOT, "latency on real TFLite (%s, 1 thread, batch 1): median %.2f ms, p90 %.2f ms over %d runs%n",
                    e.backend(), ms[ms.length / 2], ms[ms.length * 9 / 10], ms.length);
        } catch (Exception | UnsatisfiedLinkError ex) {
            out.println("latency: real TFLite not available on this host (" + ex.getMessage() + ")");
        }
    }
}
