package org.localexpert.experiments.probes;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.host.HostTfliteEngine;
import org.localexpert.host.ImageIoDecoder;

/**
 * Leave one unknown folder out: a logistic unknown-vs-known head on the plant GE's unit-length pooled features plus
 * its top probability and its nearness to the replay bank, fit on 500 training photos of each of Daphal and tomato
 * against three of the four {@code unknown-photos} folders (classes balanced, L2), cut so that it flags 5 % of the
 * validation photos, scored on the fourth folder and on the test photos. Args: DATA_DIR PLANT_GE.tflite.
 */
public final class PlantOutlierHead {
    private final FeatureExtractor fx;
    private final PhotoPreprocessor pre;
    private final ImageIoDecoder decoder = new ImageIoDecoder();
    private final float[] bank;
    private final int f;

    private PlantOutlierHead(FeatureExtractor fx, PhotoPreprocessor pre, float[] bank, int f) {
        this.fx = fx;
        this.pre = pre;
        this.bank = bank;
        this.f = f;
    }

    public static void main(String[] args) throws Exception {
        File data = new File(args[0]);
        Path gePath = Paths.get(args[1]);
        TfliteModel file = TfliteReader.read(gePath);
        GlobalExpert ge = GlobalExpert.of(ModelImporter.toModel(file), LocalExpertMetadata.read(file).labels());
        float[] bank = ReplayFeatures.read(gePath.resolveSibling(ReplayFeatures.FILE_NAME), GeHash.of(file)).features().features();
        try (FeatureExtractor fx = FeatureExtractor.open(ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(2)))) {
            new PlantOutlierHead(fx, new PhotoPreprocessor(ge.inputShape()[0]), bank, ge.featureSize()).run(data);
        }
    }

    private void run(File data) {
        List<double[]> train = new ArrayList<>(), validation = new ArrayList<>(), test = new ArrayList<>();
        for (String set : new String[] {DataLocation.SUGARCANE_DAPHAL, DataLocation.PLANTVILLAGE_TOMATO}) {
            Dataset list = ImageFolderDataset.list(new File(data, set), Collections.emptyMap());
            PlantSplits.Split split = set.equals(DataLocation.SUGARCANE_DAPHAL) ? PlantSplits.daphal(list, decoder) : PlantSplits.tomato(list, decoder);
            List<Example> shuffled = new ArrayList<>(split.train().examples());
            Collections.shuffle(shuffled, new Random(1));
            for (Example e : shuffled.subList(0, Math.min(500, shuffled.size()))) train.add(row(e.source()));
            for (Example e : split.validation().examples()) validation.add(row(e.source()));
            for (Example e : split.test().examples()) test.add(row(e.source()));
        }
        Map<String, List<double[]>> unknown = new TreeMap<>();
        File[] folders = new File(data, "unknown-photos").listFiles(File::isDirectory);
        if (folders == null) throw new IllegalArgumentException("no unknown-photos folders under " + data);
        for (File folder : folders) {
            List<double[]> rows = new ArrayList<>();
            Deque<File> todo = new ArrayDeque<>(Collections.singleton(folder));
            while (!todo.isEmpty()) {
                File[] kids = todo.pop().listFiles();
                if (kids == null) continue;
                Arrays.sort(kids);
                for (File k : kids) {
                    if (k.isDirectory()) todo.push(k);
                    else if (ImageFolderDataset.isImageFile(k)) rows.add(row(k.getPath()));
                }
            }
            unknown.put(folder.getName(), rows);
        }
        for (double l2 : new double[] {1e-3, 1e-2, 1e-1}) {
            int flagged = 0, total = 0;
            StringBuilder per = new StringBuilder();
            for (String held : unknown.keySet()) {
                List<double[]> fitOn = new ArrayList<>();
                for (Map.Entry<String, List<double[]>> e : unknown.entrySet()) if (!e.getKey().equals(held)) fitOn.addAll(e.getValue());
                double[] w = fit(train, fitOn, l2);
                double[] v = scores(w, validation);
                Arrays.sort(v);
                double cut = v[(int) Math.floor(0.95 * v.length)];
                int k = 0, t = 0;
                for (double s : scores(w, unknown.get(held))) if (s > cut) k++;
                for (double s : scores(w, test)) if (s > cut) t++;
                flagged += k;
                total += unknown.get(held).size();
                per.append(String.format(Locale.ROOT, "%s %d/%d (test flagged %.1f %%)  ", held, k, unknown.get(held).size(), 100.0 * t / test.size()));
            }
            System.out.printf(Locale.ROOT, "L2 %.0e: held-out folders flagged %d/%d = %.1f %%; %s%n", l2, flagged, total, 100.0 * flagged / total, per);
        }
    }

    /** Unit-length features, then top probability and nearest replay-bank cosine. */
    private double[] row(String path) {
        float[] x = pre.apply(decoder.decode(new File(path), pre.decodeTarget()));
        float[] feat = new float[f], p = new float[fx.classes()];
        fx.extract(x, feat, p);
        double top = 0, norm = 0, best = -1;
        for (float v : p) top = Math.max(top, v);
        for (float v : feat) norm += v * v;
        norm = Math.sqrt(norm) + 1e-12;
        for (int j = 0; j < bank.length / f; j++) {
            double dot = 0, nb = 0;
            for (int i = 0; i < f; i++) {
                dot += feat[i] * bank[j * f + i];
                nb += bank[j * f + i] * bank[j * f + i];
            }
            best = Math.max(best, dot / (norm * Math.sqrt(nb) + 1e-12));
        }
        double[] r = new double[f + 2];
        for (int i = 0; i < f; i++) r[i] = feat[i] / norm;
        r[f] = top;
        r[f + 1] = best;
        return r;
    }

    private static double[] scores(double[] w, List<double[]> rows) {
        double[] s = new double[rows.size()];
        for (int i = 0; i < s.length; i++) s[i] = logit(w, rows.get(i));
        return s;
    }

    private static double logit(double[] w, double[] x) {
        double z = w[x.length];
        for (int i = 0; i < x.length; i++) z += w[i] * x[i];
        return z;
    }

    /** L2-regularised logistic regression (unknown = 1), the two sides weighted equally, 1,500 steps of gradient descent. */
    private static double[] fit(List<double[]> known, List<double[]> unknown, double l2) {
        int d = known.get(0).length;
        double[] w = new double[d + 1];
        double wk = 0.5 / known.size(), wu = 0.5 / unknown.size();
        for (int it = 0; it < 1500; it++) {
            double[] g = new double[d + 1];
            for (int side = 0; side < 2; side++) {
                for (double[] x : side == 0 ? known : unknown) {
                    double c = (1 / (1 + Math.exp(-logit(w, x))) - side) * (side == 0 ? wk : wu);
                    for (int i = 0; i < d; i++) g[i] += c * x[i];
                    g[d] += c;
                }
            }
            for (int i = 0; i < d; i++) g[i] += l2 * w[i];
            for (int i = 0; i <= d; i++) w[i] -= 2.0 * g[i];
        }
        return w;
    }
}
