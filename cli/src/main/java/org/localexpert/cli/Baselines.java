package org.localexpert.cli;

import java.util.Arrays;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.moe.FeatureSet;
import org.localexpert.core.moe.Mixture;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationDesign;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.RoutingGuard;

/**
 * The baselines both personalization benches put beside the shipped mixture (issue 17), all on
 * the GE features the mixture is trained on: one featurization per user (its samples and their
 * warped copies, {@link Personalizer.UserFeatures}), shared by every method, so the methods differ
 * only in what they do with the same rows. Experiment code: nothing here ships.
 *
 * <ul>
 * <li>{@link Method#GE}: the frozen GE alone.</li>
 * <li>{@link Method#FINE_TUNE} / {@link Method#FINE_TUNE_REPLAY}: the GE's last layer (its
 * classifier) fine-tuned on the user's rows, without / with the replay sample at the mixture's
 * replay weight, with the LE's epochs and optimizer but no anchor; it answers every input.</li>
 * <li>{@link Method#NEAREST_MEAN}: nearest class mean of GE features (Euclidean).</li>
 * <li>{@link Method#KNN}: {@value #KNN_K}-nearest neighbours of GE features (Euclidean, majority
 * vote, ties to the nearer class) among the user's own samples, not their warped copies: a
 * sample's copies lie next to it, so with them the vote would mostly be one sample's copies (and
 * cost 9× the distances). k was fixed before any run, not tuned.</li>
 * <li>{@link Method#LE_ALONE}: the shipped recipe's local expert with the gate always open.</li>
 * <li>{@link Method#PAPER}: the paper's design, a fresh LE trained on the user's rows only plus the
 * GN, no guard, no duel margin, 60 LE epochs (as {@code DesignComparison}'s "fresh LE (paper)").</li>
 * <li>{@link Method#MIXTURE}: the shipped mixture (GE + LE + GN with the library's defaults).</li>
 * </ul>
 * Nearest mean (the user's samples and copies) and k-NN (the samples only) remember the user's rows
 * for the classes the user taught and the replay sample's rows for the classes they did not, so an
 * input of an untaught class still has somewhere to go, as it has with the LE, which trains on both.
 */
public final class Baselines {
    public static final int KNN_K = 5;

    public enum Method {
        GE("GE alone"),
        FINE_TUNE("GE last layer fine-tuned"),
        FINE_TUNE_REPLAY("GE last layer fine-tuned + replay"),
        NEAREST_MEAN("nearest class mean"),
        KNN("5-NN on GE features"),
        LE_ALONE("LE alone (gate always open)"),
        PAPER("paper: fresh LE + GN"),
        MIXTURE("shipped mixture");

        public final String title;

        Method(String title) {
            this.title = title;
        }

        /** The CSV column prefix. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every method's wrong answers for one user. */
    public static final class Outcome {
        /** [method][held-out item]. */
        final boolean[][] heldWrong;
        /** [method][generic item]. */
        final boolean[][] genericWrong;
        /** Seconds to personalize: the shared GE pass over the user's rows plus the method's own fitting (0 for the GE). */
        final double[] seconds;
        /** The shipped mixture's guard left the gate free to open (false: the GE answers everything). */
        final boolean gateCanOpen;

        /** {@code [method][item]} wrong flags (by {@link Method#ordinal()}), seconds per method, and whether the gate could open. */
        public Outcome(boolean[][] heldWrong, boolean[][] genericWrong, double[] seconds, boolean gateCanOpen) {
            this.heldWrong = heldWrong;
            this.genericWrong = genericWrong;
            this.seconds = seconds;
            this.gateCanOpen = gateCanOpen;
        }

        public int errors(Method m) {
            int e = 0;
            for (boolean w : heldWrong[m.ordinal()]) if (w) e++;
            return e;
        }

        /** Which held-out items {@code m} answered wrongly. */
        public boolean[] heldWrong(Method m) {
            return heldWrong[m.ordinal()].clone();
        }

        /** Which generic items {@code m} answered wrongly (null when the run had no generic set). */
        public boolean[] genericWrong(Method m) {
            return genericWrong == null ? null : genericWrong[m.ordinal()].clone();
        }

        /** Seconds {@code m} took to personalize. */
        public double seconds(Method m) {
            return seconds[m.ordinal()];
        }

        /** The shipped mixture's guard left the gate free to open. */
        public boolean gateCanOpen() {
            return gateCanOpen;
        }
    }

    private final Personalizer fineTune, fineTuneReplay, paper;

    /** Baselines beside {@code shipped}'s mixtures, with its GE, replay sample and seed. */
    public Baselines(Personalizer shipped) {
        PersonalizationOptions o = shipped.options();
        fineTune = shipped.withOptions(DesignOptions.from(o).anchor(0).replayWeight(0).build());
        fineTuneReplay = shipped.withOptions(DesignOptions.from(o).anchor(0).build());
        paper = shipped.withOptions(DesignOptions.from(o).leInit(PersonalizationDesign.LeInit.FRESH).replayWeight(0).leEpochs(60)
                .guard(RoutingGuard.Rule.NONE).noDuel().build());
    }

    /**
     * Runs every method for one user: {@code shipped} is the shipped mixture trained on {@code uf};
     * {@code held} and {@code generic} carry labels in {@code uf}'s union indices; {@code generic}
     * may be null (the demo: held-out errors only).
     */
    public Outcome run(Personalizer.UserFeatures uf, Personalization shipped, FeatureSet held, FeatureSet generic) {
        int methods = Method.values().length;
        int[][] heldPred = new int[methods][], genericPred = new int[methods][];
        double[] seconds = new double[methods];
        FeatureSet[] sets = generic == null ? new FeatureSet[] {held} : new FeatureSet[] {held, generic};
        int[][][] pred = {heldPred, genericPred};

        for (int s = 0; s < sets.length; s++) {
            pred[s][Method.GE.ordinal()] = gePredictions(sets[s]);
            int[][] mix = mixturePredictions(shipped.mixture(), sets[s]);
            pred[s][Method.MIXTURE.ordinal()] = mix[0];
            pred[s][Method.LE_ALONE.ordinal()] = mix[1];
        }
        seconds[Method.MIXTURE.ordinal()] = seconds[Method.LE_ALONE.ordinal()] = shipped.totalSeconds();

        Personalization p = paper.train(uf);
        seconds[Method.PAPER.ordinal()] = p.totalSeconds();
        for (int s = 0; s < sets.length; s++) pred[s][Method.PAPER.ordinal()] = mixturePredictions(p.mixture(), sets[s])[0];

        Personalizer[] tuners = {fineTune, fineTuneReplay};
        Method[] tuned = {Method.FINE_TUNE, Method.FINE_TUNE_REPLAY};
        for (int t = 0; t < 2; t++) {
            long t0 = System.nanoTime();
            Dense le = tuners[t].trainLocalExpert(uf);
            seconds[tuned[t].ordinal()] = uf.seconds() + (System.nanoTime() - t0) / 1e9;
            for (int s = 0; s < sets.length; s++) pred[s][tuned[t].ordinal()] = densePredictions(le, sets[s]);
        }

        long t0 = System.nanoTime();
        float[][] means = classMeans(memory(uf.rows(), uf.union().size()), uf.union().size());
        seconds[Method.NEAREST_MEAN.ordinal()] = uf.seconds() + (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        FeatureSet samples = memory(uf.originals(), uf.union().size());
        seconds[Method.KNN.ordinal()] = uf.seconds() + (System.nanoTime() - t0) / 1e9;
        for (int s = 0; s < sets.length; s++) {
            pred[s][Method.NEAREST_MEAN.ordinal()] = nearestMean(means, sets[s]);
            pred[s][Method.KNN.ordinal()] = nearestNeighbours(samples, sets[s], KNN_K, uf.union().size());
        }

        return new Outcome(wrong(heldPred, held), generic == null ? null : wrong(genericPred, generic), seconds, !shipped.guardedToGe());
    }

    private static boolean[][] wrong(int[][] pred, FeatureSet fs) {
        boolean[][] w = new boolean[pred.length][fs.size()];
        for (int m = 0; m < pred.length; m++) for (int i = 0; i < fs.size(); i++) w[m][i] = pred[m][i] != fs.label(i);
        return w;
    }

    static int[] gePredictions(FeatureSet fs) {
        int[] p = new int[fs.size()];
        for (int i = 0; i < p.length; i++) p[i] = fs.gePrediction(i);
        return p;
    }

    /** The mixture's answers [0] and its LE's answers [1] (the gate ignored). */
    static int[][] mixturePredictions(Mixture m, FeatureSet fs) {
        org.localexpert.core.tensor.Tensor[] out = m.runHead(fs);
        float[] mix = out[Mixture.PROBABILITIES].data(), le = out[Mixture.LE_PROBABILITIES].data();
        int k = m.labels().size();
        int[][] p = new int[2][fs.size()];
        for (int i = 0; i < fs.size(); i++) {
            p[0][i] = FeatureSet.argmax(mix, i * k, k);
            p[1][i] = FeatureSet.argmax(le, i * k, k);
        }
        return p;
    }

    /** Argmax of a dense layer's logits (weights [units, in]). */
    static int[] densePredictions(Dense d, FeatureSet fs) {
        float[] w = d.weights().value().data(), b = d.bias().value().data();
        int in = d.inFeatures(), k = d.units();
        int[] p = new int[fs.size()];
        float[] logits = new float[k], x = fs.features();
        for (int i = 0; i < p.length; i++) {
            for (int u = 0; u < k; u++) logits[u] = b[u] + dot(w, u * in, x, i * in, in);
            p[i] = FeatureSet.argmax(logits, 0, k);
        }
        return p;
    }

    /** {@code user}'s rows, then the replay rows of the classes the user did not teach. */
    FeatureSet memory(FeatureSet user, int classes) {
        boolean[] taught = new boolean[classes];
        for (int i = 0; i < user.size(); i++) taught[user.label(i)] = true;
        FeatureSet replay = paper.replay();
        int n = 0;
        for (int i = 0; i < replay.size(); i++) if (!taught[replay.label(i)]) n++;
        int[] idx = new int[n];
        n = 0;
        for (int i = 0; i < replay.size(); i++) if (!taught[replay.label(i)]) idx[n++] = i;
        return n == 0 ? user : user.concat(replay.subset(idx, null));
    }

    /** Mean feature vector of each class in {@code memory} (null for a class without rows). */
    static float[][] classMeans(FeatureSet memory, int classes) {
        int f = memory.featureSize();
        float[] x = memory.features();
        float[][] means = new float[classes][];
        int[] counts = new int[classes];
        for (int i = 0; i < memory.size(); i++) {
            int c = memory.label(i);
            if (means[c] == null) means[c] = new float[f];
            for (int j = 0; j < f; j++) means[c][j] += x[i * f + j];
            counts[c]++;
        }
        for (int c = 0; c < classes; c++) if (means[c] != null) for (int j = 0; j < f; j++) means[c][j] /= counts[c];
        return means;
    }

    static int[] nearestMean(float[][] means, FeatureSet fs) {
        int f = fs.featureSize();
        float[] x = fs.features();
        int[] p = new int[fs.size()];
        for (int i = 0; i < p.length; i++) {
            double best = Double.MAX_VALUE;
            for (int c = 0; c < means.length; c++) {
                if (means[c] == null) continue;
                double d = distance2(means[c], 0, x, i * f, f);
                if (d < best) {
                    best = d;
                    p[i] = c;
                }
            }
        }
        return p;
    }

    /** k-NN by squared Euclidean distance; the vote's tie goes to the class whose nearest member is nearer. */
    static int[] nearestNeighbours(FeatureSet memory, FeatureSet fs, int k, int classes) {
        int f = fs.featureSize(), n = memory.size(), kk = Math.min(k, n);
        float[] known = memory.features(), x = fs.features();
        int[] p = new int[fs.size()];
        double[] bestD = new double[kk];
        int[] bestL = new int[kk];
        int[] votes = new int[classes];
        for (int i = 0; i < p.length; i++) {
            Arrays.fill(bestD, Double.MAX_VALUE);
            for (int r = 0; r < n; r++) {
                double d = distance2(known, r * f, x, i * f, f);
                if (d >= bestD[kk - 1]) continue;
                int at = kk - 1; // insertion into the sorted k best
                while (at > 0 && bestD[at - 1] > d) {
                    bestD[at] = bestD[at - 1];
                    bestL[at] = bestL[at - 1];
                    at--;
                }
                bestD[at] = d;
                bestL[at] = memory.label(r);
            }
            Arrays.fill(votes, 0);
            int winner = bestL[0];
            for (int j = 0; j < kk; j++) votes[bestL[j]]++;
            for (int j = 1; j < kk; j++) if (votes[bestL[j]] > votes[winner]) winner = bestL[j];
            p[i] = winner;
        }
        return p;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < n; j++) s0 += a[ao + j] * b[bo + j];
        return s0 + s1 + s2 + s3;
    }

    private static double distance2(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            float d0 = a[ao + j] - b[bo + j], d1 = a[ao + j + 1] - b[bo + j + 1], d2 = a[ao + j + 2] - b[bo + j + 2], d3 = a[ao + j + 3] - b[bo + j + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; j < n; j++) {
            float d = a[ao + j] - b[bo + j];
            s0 += d * d;
        }
        return s0 + s1 + s2 + s3;
    }
}
