package org.localexpert.experiments.probes;

import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingSplits;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.data.OmniglotStrokes;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.experiments.GeWithRule;
import org.localexpert.experiments.UnsureCalibration;
import org.localexpert.host.HostTfliteEngine;

/**
 * Would a better-chosen reference bank of the same size (300 vectors, 30 per digit: the bytes the phone already
 * carries) make the familiarity check of the "unsure" rule stronger? Design data only: in-domain = the design
 * writers' t10k digits (cuts chosen on them as the shipped rule's are: top probability flags 2.5 %, nearness fills
 * the budget to 5 %), unknown = every drawing of the four design alphabets. Banks: the shipped replay features,
 * 30 random training digits per class (3 draws), 30 spherical k-means centroids per class of all 60,000 training
 * digits' features, the training digit nearest each centroid (a real sample, so the bank could also serve as the
 * replay sample), and 5,000 random training digits (a bank 17 times larger, for reference).
 * Holds every training digit's features in memory (120 MB): a desktop probe, not phone code.
 * Args: DATA_DIR GE.tflite [OUT_DIR]; with OUT_DIR, a candidate to try with the other benches: a copy of the GE with the
 * replay features of the digits nearest the centroids beside it ({@code bench-unsure --part design --write}, then
 * {@code bench-unsure-personal --model OUT_DIR/handwriting-ge.tflite}).
 */
public final class FamiliarityBank {
    private static final int PER_CLASS = 30;

    private FamiliarityBank() {
    }

    public static void main(String[] args) throws Exception {
        File data = new File(args[0]), omni = new File(data, "omniglot");
        GeWithRule g = GeWithRule.read(Paths.get(args[1]), Domain.HANDWRITING);
        int fs = g.ge.featureSize();
        Dataset train = Mnist.load(data, Mnist.Part.TRAIN), t10k = Mnist.load(data, Mnist.Part.TEST);
        float[] trainF;
        int[] trainY = new int[train.size()];
        List<float[]> knownF = new ArrayList<>(), unknownF = new ArrayList<>();
        List<Float> knownP = new ArrayList<>(), unknownP = new ArrayList<>();
        List<String> unknownAlphabet = new ArrayList<>();
        long t0 = System.nanoTime();
        try (FeatureExtractor fx = FeatureExtractor.open(g.ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(2)))) {
            float[] f = new float[fs], p = new float[fx.classes()];
            trainF = new float[train.size() * fs];
            int i = 0;
            for (Example e : train.examples()) {
                fx.extract(e.features(), f, p);
                System.arraycopy(f, 0, trainF, i * fs, fs);
                trainY[i++] = e.label();
            }
            for (Example e : t10k.examples()) {
                if (!HandwritingSplits.isDesignWriter(e.writerId())) continue;
                fx.extract(e.features(), f, p);
                knownF.add(f.clone());
                knownP.add(max(p));
            }
            for (String alphabet : OmniglotStrokes.DESIGN_ALPHABETS) {
                for (String ch : OmniglotStrokes.characters(omni, alphabet)) {
                    for (int d = 1; d <= OmniglotStrokes.DRAWERS; d++) {
                        fx.extract(OmniglotStrokes.render(omni, alphabet, ch, d), f, p);
                        unknownF.add(f.clone());
                        unknownP.add(max(p));
                        unknownAlphabet.add(alphabet);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "features: %d training digits, %d design writers' t10k digits, %d design-alphabet drawings (%.0f s)%n",
                train.size(), knownF.size(), unknownF.size(), (System.nanoTime() - t0) / 1e9);
        float[] known = toArray(knownP), unknown = toArray(unknownP);
        score("shipped replay bank (300)", g.replay.features().features(), fs, knownF, known, unknownF, unknown, unknownAlphabet);
        for (long seed = 1; seed <= 3; seed++) {
            score("random 30 per class, draw " + seed, rows(trainF, fs, randomPerClass(trainY, PER_CLASS, seed)), fs, knownF, known, unknownF, unknown, unknownAlphabet);
        }
        float[] centroids = new float[10 * PER_CLASS * fs];
        int[] medoids = new int[10 * PER_CLASS];
        for (int c = 0; c < 10; c++) kmeans(trainF, fs, trainY, c, PER_CLASS, 20, c + 1L, centroids, c * PER_CLASS, medoids);
        score("k-means centroids, 30 per class", centroids, fs, knownF, known, unknownF, unknown, unknownAlphabet);
        score("training digit nearest each centroid", rows(trainF, fs, medoids), fs, knownF, known, unknownF, unknown, unknownAlphabet);
        score("random 5,000 (reference, 17x the bytes)", rows(trainF, fs, randomPerClass(trainY, 500, 9)), fs, knownF, known, unknownF, unknown, unknownAlphabet);
        if (args.length > 2) writeCandidate(Paths.get(args[1]), Paths.get(args[2]), g, train.subset(medoids));
    }

    private static void writeCandidate(java.nio.file.Path ge, java.nio.file.Path dir, GeWithRule g, Dataset replay) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Path copy = dir.resolve(ge.getFileName());
        java.nio.file.Files.copy(ge, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (FeatureExtractor fx = FeatureExtractor.open(g.ge, b -> HostTfliteEngine.open(b, new InferenceOptions().threads(2)))) {
            ReplayFeatures.compute(g.ge, g.hash, replay, fx).write(dir.resolve(ReplayFeatures.FILE_NAME));
        }
        System.out.println("wrote " + copy + " and " + dir.resolve(ReplayFeatures.FILE_NAME) + " (" + replay.size() + " digits nearest the centroids)");
    }

    private static void score(String name, float[] bankRows, int fs, List<float[]> knownF, float[] knownP, List<float[]> unknownF, float[] unknownP,
                              List<String> unknownAlphabet) {
        Familiarity bank = new Familiarity(0f, name, bankRows, fs);
        float[] ks = new float[knownF.size()], us = new float[unknownF.size()];
        for (int i = 0; i < ks.length; i++) ks[i] = bank.similarity(knownF.get(i));
        for (int i = 0; i < us.length; i++) us[i] = bank.similarity(unknownF.get(i));
        // As the shipped rule's cuts: the top probability flags 2.5 % of the design digits, nearness fills to 5 %.
        UnsureCalibration.Cuts cuts = UnsureCalibration.split(knownP, ks, 0.025, 0.05, "the design writers' digits");
        float c = cuts.confidence, s = cuts.similarity;
        float alone = Familiarity.cutFlagging(ks, 0.05);
        int kFlag = 0, uFlag = 0, uAlone = 0;
        for (int i = 0; i < ks.length; i++) if (knownP[i] < c || ks[i] < s) kFlag++;
        StringBuilder per = new StringBuilder();
        String current = null;
        int aFlag = 0, aN = 0;
        for (int i = 0; i < us.length; i++) {
            if (!unknownAlphabet.get(i).equals(current)) {
                if (current != null) per.append(String.format(Locale.ROOT, " %s %.0f", current.substring(0, 4), 100.0 * aFlag / aN));
                current = unknownAlphabet.get(i);
                aFlag = 0;
                aN = 0;
            }
            boolean flagged = unknownP[i] < c || us[i] < s;
            if (flagged) uFlag++;
            if (flagged) aFlag++;
            aN++;
            if (us[i] < alone) uAlone++;
        }
        per.append(String.format(Locale.ROOT, " %s %.0f", current.substring(0, 4), 100.0 * aFlag / aN));
        System.out.printf(Locale.ROOT, "%-42s rule: digits %.1f %%, design alphabets %.1f %% (%s); nearness alone at 5 %%: %.1f %%%n",
                name, 100.0 * kFlag / ks.length, 100.0 * uFlag / us.length, per.toString().trim(), 100.0 * uAlone / us.length);
    }

    /** Spherical k-means (cosine) of class {@code c}'s rows: {@code k} unit centroids into {@code out} from row {@code at}, and each one's nearest member. */
    private static void kmeans(float[] x, int fs, int[] y, int c, int k, int iterations, long seed, float[] out, int at, int[] nearest) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < y.length; i++) if (y[i] == c) members.add(i);
        int n = members.size();
        float[][] u = new float[n][];
        for (int m = 0; m < n; m++) u[m] = unit(Arrays.copyOfRange(x, members.get(m) * fs, (members.get(m) + 1) * fs));
        Random rng = new Random(seed);
        float[][] cent = new float[k][];
        // k-means++ seeding on cosine distance
        cent[0] = u[rng.nextInt(n)].clone();
        double[] d = new double[n];
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int m = 0; m < n; m++) {
                double best = Double.MAX_VALUE;
                for (int q = 0; q < j; q++) best = Math.min(best, 1 - dot(u[m], cent[q]));
                d[m] = Math.max(0, best) * Math.max(0, best);
                total += d[m];
            }
            double r = rng.nextDouble() * total;
            int pick = 0;
            for (; pick < n - 1; pick++) if ((r -= d[pick]) <= 0) break;
            cent[j] = u[pick].clone();
        }
        int[] assign = new int[n];
        for (int it = 0; it < iterations; it++) {
            for (int m = 0; m < n; m++) assign[m] = nearestCentroid(u[m], cent);
            float[][] sum = new float[k][fs];
            int[] count = new int[k];
            for (int m = 0; m < n; m++) {
                count[assign[m]]++;
                for (int j = 0; j < fs; j++) sum[assign[m]][j] += u[m][j];
            }
            for (int q = 0; q < k; q++) if (count[q] > 0) cent[q] = unit(sum[q]);
        }
        for (int q = 0; q < k; q++) {
            System.arraycopy(cent[q], 0, out, (at + q) * fs, fs);
            int best = 0;
            float bestDot = -2f;
            for (int m = 0; m < n; m++) {
                float v = dot(u[m], cent[q]);
                if (v > bestDot) {
                    bestDot = v;
                    best = m;
                }
            }
            nearest[at + q] = members.get(best);
        }
    }

    private static int nearestCentroid(float[] v, float[][] cent) {
        int best = 0;
        float bestDot = -2f;
        for (int q = 0; q < cent.length; q++) {
            float d = dot(v, cent[q]);
            if (d > bestDot) {
                bestDot = d;
                best = q;
            }
        }
        return best;
    }

    private static int[] randomPerClass(int[] y, int perClass, long seed) {
        Random rng = new Random(seed);
        List<Integer> picked = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) if (y[i] == c) members.add(i);
            java.util.Collections.shuffle(members, rng);
            picked.addAll(members.subList(0, perClass));
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] rows(float[] x, int fs, int[] idx) {
        float[] r = new float[idx.length * fs];
        for (int i = 0; i < idx.length; i++) System.arraycopy(x, idx[i] * fs, r, i * fs, fs);
        return r;
    }

    private static float[] unit(float[] v) {
        double s = 0;
        for (float a : v) s += a * a;
        float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static float max(float[] p) {
        float m = p[0];
        for (float v : p) m = Math.max(m, v);
        return m;
    }

    private static float[] toArray(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
