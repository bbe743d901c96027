package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.LabelNames;
import org.localexpert.core.train.RandomAffine;
import org.localexpert.core.train.Rng;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;

/**
 * Trains a local expert (LE) and a gating network (GN) for one user on top of a frozen global
 * expert (GE), and assembles the {@link Mixture}.
 *
 * <pre>
 *   Personalizer p = new Personalizer(ge, replay, PersonalizationOptions.builder().seed(1).build());
 *   Personalization r = p.personalize(userSamples);   // r.mixture().model() → export as one .tflite
 * </pre>
 *
 * <p><b>Cost.</b> The GE runs once over the user's samples (and once, in the constructor, over the
 * replay sample); LE and GN then train on those features only — no GE backward, a few hundred
 * 120-wide vectors, well under a second on one thread.
 *
 * <p><b>The recipe</b> (defaults of {@link PersonalizationOptions}):
 * <ol>
 * <li>LE = Dense(features → union classes), starting as a copy of the GE's own classifier (rows of
 * new classes start at 0), trained for 10 epochs with softmax cross-entropy on the user's samples,
 * 8 randomly warped copies of each (1.5× the GE recipe's affine: ±15°/±15 %/±3 px; each copy costs one
 * GE forward) and the replay sample (total replay weight = 0.5 × total user weight), with a light pull
 * (0.01) toward its starting weights. Starting from the GE's classifier means the LE only has to
 * learn how this user differs, which a handful of samples per class can teach.</li>
 * <li>GN = logistic regression on [GE features, GE confidence], trained to answer "is this the
 * user's handwriting?" (user samples and their copies → 1, replay → 0, classes balanced). Inputs
 * are standardised for training and the scaling is folded back into the weights, so the exported
 * graph is a plain Dense.</li>
 * <li>{@link Routing#HARD}: gate &gt; 0.5 → the LE answers, else the GE (one expert per input,
 * which is also what the app shows as "who answered"), and the LE may only overrule the GE where
 * its top probability is at least the GE's minus 0.2 ({@code duelMargin}).</li>
 * <li>Do no harm ({@link RoutingGuard.Rule#KEEP_PERFECT_GE}): when the GE already answers every
 * sample the user taught, the gate is closed and the GE answers everything.</li>
 * </ol>
 *
 * <p><b>Why, by measurement</b> ({@code DesignComparison}: 4-fold cross-validation on the
 * personalization halves of the first 60 SD-1 writers — never their held-out halves — with the
 * benchmark GE of the shared recipe; "generic" = 1,000 SD-3 training digits outside the replay
 * sample, GE 99.90 %):
 * <pre>
 *   design                                          error cut  users worse  generic
 *   GE-head LE 30 ep + replay, soft                   36.1 %        4       99.885 %
 *   GE-head LE 30 ep + replay, hard                   37.0 %        4       99.883 %
 *   GE-head LE 10 ep + replay, soft                   39.8 %        4       99.888 %
 *   GE-head LE 10 ep + replay, soft, gate target 0.7  34.3 %        2       99.895 %
 *   GE-head LE 10 ep + replay + 4 copies, soft        48.1 %        4       99.850 %
 *   GE-head LE 10 ep + replay + 4 copies, hard        50.0 %        3       99.847 %   ← chosen
 *   GE-head LE 30 ep + replay + 4 copies, soft        49.1 %        6       99.843 %
 *   chosen + GE-confidence ceiling 0.9999             50.9 %        3       99.850 %
 *   chosen + GE-confidence ceiling 0.999              48.1 %        3       99.852 %
 *   chosen + GE-confidence ceiling 0.99               45.4 %        3       99.862 %
 *   chosen + LE must out-confide the GE               40.7 %        1       99.883 %
 *   same, soft                                        39.8 %        2       99.883 %
 *   GE-head LE 30 ep, no replay, soft                 44.4 %        1       99.878 %
 *   GE-head LE 30 ep, no replay + 4 copies, soft      50.9 %        3       99.832 %
 *   GE-head LE 60 ep, no replay, no anchor, soft      49.1 %        9       99.763 %
 *   fresh LE (the paper's), user samples only, soft   51.9 %        4       99.672 %
 *   fresh LE (the paper's), user samples only, hard   51.9 %        4       99.588 %
 * </pre>
 * Warped copies are the largest single gain (+10 points of error cut). A fresh LE cuts as much on
 * the user but costs 0.2–0.3 points on generic digits (it knows nothing the user did not write, so
 * every gate mistake on a generic digit is a likely error); starting from the GE's classifier plus
 * replay keeps the generic cost at ~0.05 points. Hard and soft routing are within noise of each
 * other; hard was ahead with warped copies and gives a clean "who answered". A gate target below 1
 * makes fewer users worse but gives back most of the gain. A Mowst-style ceiling on the GE's
 * confidence (the LE may only answer where the GE is unsure) did not make fewer users worse and is
 * within noise on the cut, so it is left off by default (it stays available and exportable).
 *
 * <p>The last choice was made on all 250 writers (same protocol; generic as above), because most
 * users the mixture makes worse lose exactly one digit the GE had right, to an LE that overruled a
 * GE surer of itself. Rule fixed before looking: the highest cut among the designs that meet every
 * target (cut ≥ 40 %, ≤ 5 % of users worse, generic drop ≤ 0.1 points) in cross-validation.
 * <pre>
 *   design (all 10 ep + replay + 4 copies, hard)      error cut  users worse     generic
 *   no confidence condition                           51.4 %    15 (6.0 %)     99.849 %
 *   LE must out-confide the GE, margin 0.2            50.0 %    13 (5.2 %)     99.871 %
 *   LE must out-confide the GE, margin 0.05           44.8 %    10 (4.0 %)     99.884 %   ← default until the guard below
 *   LE must out-confide the GE, margin 0              40.5 %    10 (4.0 %)     99.891 %
 * </pre>
 * On the 250 writers' held-out halves this default gave a 40.6 % cut but 14 users worse (5.6 %).
 *
 * <p><b>Per-user guards</b> ({@link RoutingGuard}; {@code DesignComparison --guards}, NESTED 4-fold
 * cross-validation: each outer fold's guard decides from an inner 4-fold CV of the other folds only,
 * as the phone would; same 250 writers, generic side as above). Rule fixed before the run: among the
 * rules cutting at least as much as the default and within 0.1 point on generic, the fewest users
 * worse (ties: higher cut).
 * <pre>
 *   rule (10 ep + replay + 4 copies, hard)            error cut  users worse     generic  guard changed
 *   no guard, margin 0.05 (old default)                44.8 %    10 (4.0 %)     99.884 %       0
 *   no guard, margin 0.2                               50.0 %    13 (5.2 %)     99.871 %       0
 *   no guard, no margin                                51.4 %    15 (6.0 %)     99.849 %       0
 *   CV no-harm guard (GE only if the LE lost), 0.05    43.6 %    12 (4.8 %)     99.885 %      10
 *   CV no-harm guard, margin 0.2                       48.3 %    15 (6.0 %)     99.873 %      13
 *   CV no-harm guard, no margin                        50.2 %    17 (6.8 %)     99.851 %      15
 *   CV must-beat guard (GE unless the LE won), 0.05   34.1 %     6 (2.4 %)     99.894 %     164
 *   CV must-beat guard, margin 0.2                     37.9 %     7 (2.8 %)     99.888 %     156
 *   CV step-down guard from margin 0.05                43.8 %    12 (4.8 %)     99.885 %      10
 *   CV step-down guard from margin 0.2                 48.8 %    15 (6.0 %)     99.873 %      13
 *   CV step-down guard from no margin                  50.5 %    17 (6.8 %)     99.851 %      15
 *   per-user rung with the fewest CV errors            37.2 %     7 (2.8 %)     99.890 %     238
 * and, by plain (not nested) 4-fold CV since it trains nothing extra:
 *   keep a GE that reads every taught sample, 0.05     41.5 %     7 (2.8 %)     99.890 %
 *   keep a GE that reads every taught sample, 0.2      46.9 %     8 (3.2 %)     99.880 %   ← default
 *   keep a GE that reads every taught sample, none     48.8 %     9 (3.6 %)     99.863 %
 * </pre>
 * ("guard changed": users whose guard, run on their whole half, left the configured routing.) A
 * cross-validated guard on ~60 samples is too noisy to help: a user has about 1.7 GE errors in
 * that half, so "the LE lost in CV" is mostly one digit either way; a lenient guard switches off
 * users the LE would have helped as often as users it would have harmed (more users worse), and a
 * strict one switches off two thirds of the users and gives back a quarter of the cut. Each CV guard
 * also costs 4 more LE+GN trainings per user (≈ 5× the training time).
 * What does help is the simplest do-no-harm rule, {@link RoutingGuard.Rule#KEEP_PERFECT_GE}: when
 * the GE already answers every sample the user taught, there is no accent to learn and the LE
 * could only harm, so the gate stays closed (the GE answers everything); it needs no extra training.
 * It makes a bolder margin (0.2) affordable. The same rule as above (stated again before these three
 * runs) picks it: of the rules cutting ≥ 44.8 %, the fewest users worse (8 against the old default's 10).
 *
 * <p><b>Held out</b> ({@code bench-personalization}, all 250 writers, run once with the chosen default):
 * error cut 41.8 % (old default 40.6 %), generic drop 0.024 points, the GE kept for 104 users, but
 * still 14 users worse (5.6 %): the ≤ 5 % target is NOT met. Cross-validation on the taught halves
 * under-estimates the harm on the later halves (3.2 % predicted); the CV step-down guard from margin
 * 0.2, run on the held-out halves before the rule had ruled it out, made 21 users worse (8.4 %).
 * Contiguous folds ({@link CrossValidation#contiguousFoldOf}: later digits predicted from earlier
 * ones) come closer to the held-out harm (43.6 % cut, 10 worse); under them no further lever — more
 * copies, more replay, a heavier anchor, a lower gate target, a GE-confidence ceiling, a tolerance for a
 * GE that misreads one taught digit in 40 ({@code keepGeTolerance}) — made fewer users worse while
 * keeping the cut (table in {@code models/handwriting/README.md}) — until round 6 widened the copies
 * against that drift: 8 copies at 1.5× the warp ranges, contiguous CV 43.6 % cut / 8 worse (vs 10), the
 * default since. Held out, all 250 writers, one run: 47.8 % cut, 8 users worse (3.2 %), generic drop
 * 0.050 points, 0.29 s CPU per user — every target met.
 *
 * <p><b>Cost</b> with the shared LeNet-5 recipe (500 features, 431 k parameters, 2.3 M MACs):
 * LE 5,010 + GN 502 parameters = 1.28 % of the GE's parameters, 5,501 multiply-accumulates per input
 * = 0.24 % of the GE's (see {@link Mixture#costSummary()}); the budget is 2.5 % of each.
 */
public final class Personalizer {
    private final GlobalExpert ge;
    private final FeatureSet replay;
    private final PersonalizationOptions options;

    /**
     * @param replay GE-training digits labelled with the GE's label names (see {@link ReplaySample})
     */
    public Personalizer(GlobalExpert ge, Dataset replay, PersonalizationOptions options) {
        if (!replay.labelNames().equals(ge.labels())) {
            throw new IllegalArgumentException("the replay sample's labels " + replay.labelNames() + " differ from the GE's " + ge.labels());
        }
        if (replay.isEmpty()) throw new IllegalArgumentException("the replay sample is empty");
        if (!Arrays.equals(replay.shape(), ge.inputShape())) {
            throw new IllegalArgumentException("replay shape " + Arrays.toString(replay.shape()) + " does not fit the GE's input " + Arrays.toString(ge.inputShape()));
        }
        this.ge = ge;
        this.options = options;
        this.replay = ge.features(replay, options.threads);
    }

    public GlobalExpert globalExpert() {
        return ge;
    }

    public PersonalizationOptions options() {
        return options;
    }

    /** The union label set: the GE's labels, then the user's labels the GE does not know, in the user's order. */
    public List<String> unionLabels(List<String> userLabels) {
        List<String> union = new ArrayList<>(ge.labels());
        for (String l : userLabels) if (!union.contains(l)) union.add(l);
        return union;
    }

    /**
     * Checks the user's samples and trains the mixture.
     *
     * @throws PersonalizationException for unusable samples (one-line, user-facing message)
     */
    public Personalization personalize(Dataset user) {
        validate(user);
        long t0 = System.nanoTime();
        List<String> union = unionLabels(user.labelNames());
        UserFeatures uf = userFeatures(user, union);
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        return train(uf, union, featureSeconds);
    }

    /** The user's samples as GE features: the originals and {@code augmentCopies} warped copies of each. */
    static final class UserFeatures {
        final FeatureSet originals;
        final FeatureSet copies;
        final int[] copyOrigin;

        UserFeatures(FeatureSet originals, FeatureSet copies, int[] copyOrigin) {
            this.originals = originals;
            this.copies = copies;
            this.copyOrigin = copyOrigin;
        }

        FeatureSet all() {
            return copies == null ? originals : originals.concat(copies);
        }

        /** The originals at {@code idx} (in that order) and their copies: what a cross-validation fold trains on. */
        UserFeatures subset(int[] idx) {
            FeatureSet o = originals.subset(idx, null);
            if (copies == null) return new UserFeatures(o, null, null);
            int[] newIndex = new int[originals.size()];
            Arrays.fill(newIndex, -1);
            for (int j = 0; j < idx.length; j++) newIndex[idx[j]] = j;
            List<Integer> rows = new ArrayList<>();
            for (int j = 0; j < copyOrigin.length; j++) if (newIndex[copyOrigin[j]] >= 0) rows.add(j);
            int[] r = CrossValidation.toArray(rows), origin = new int[r.length];
            for (int j = 0; j < r.length; j++) origin[j] = newIndex[copyOrigin[r[j]]];
            return new UserFeatures(o, copies.subset(r, null), origin);
        }
    }

    UserFeatures userFeatures(Dataset user, List<String> union) {
        int[] map = toUnion(user.labelNames(), union);
        FeatureSet originals = ge.features(user, options.threads).subset(identity(user.size()), map);
        if (options.augmentCopies == 0) return new UserFeatures(originals, null, null);
        RandomAffine affine = RandomAffine.forDigits(options.warpStrength);
        int[] shape = user.shape();
        List<Example> copies = new ArrayList<>();
        int[] origin = new int[user.size() * options.augmentCopies];
        for (int i = 0; i < user.size(); i++) {
            Example e = user.get(i);
            for (int c = 0; c < options.augmentCopies; c++) {
                float[] px = e.features().clone();
                affine.apply(px, 0, shape[0], shape[1], shape[2], new Rng(Rng.mix(options.seed, i, c)));
                origin[copies.size()] = i;
                copies.add(new Example(px, shape, e.label()));
            }
        }
        FeatureSet copyFs = ge.features(new Dataset(copies, user.labelNames(), shape), options.threads)
                .subset(identity(copies.size()), map);
        return new UserFeatures(originals, copyFs, origin);
    }

    /** Refuses empty sets, a single class, too few samples of a class, and inputs of the wrong shape. */
    public void validate(Dataset user) {
        validate(user, ge.inputShape(), options.minPerClass);
    }

    /** {@link #validate(Dataset)} before a personalizer exists (e.g. before the replay sample is loaded). */
    public static void validate(Dataset user, int[] inputShape, int minPerClass) {
        if (user.isEmpty()) throw new PersonalizationException("no samples: add labelled samples of your own handwriting first");
        for (String label : user.labelNames()) {
            try {
                LabelNames.validate(label, "your labels");
            } catch (DataException e) {
                throw new PersonalizationException(e.getMessage());
            }
        }
        if (!Arrays.equals(user.shape(), inputShape)) {
            throw new PersonalizationException("samples have shape " + Arrays.toString(user.shape()) + " but the GE takes " + Arrays.toString(inputShape));
        }
        int[] counts = user.classCounts();
        int present = 0;
        for (int c : counts) if (c > 0) present++;
        if (present < 2) {
            throw new PersonalizationException("samples of only one class (" + present(user, counts) + "): the gate needs at least two classes to learn from — add samples of other characters");
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && counts[c] < minPerClass) {
                throw new PersonalizationException("class '" + user.labelNames().get(c) + "' has " + counts[c] + " sample(s); write at least "
                        + minPerClass + " of each character you teach");
            }
        }
    }

    private static String present(Dataset user, int[] counts) {
        for (int c = 0; c < counts.length; c++) if (counts[c] > 0) return "'" + user.labelNames().get(c) + "'";
        return "none";
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return idx;
    }

    static int[] toUnion(List<String> labels, List<String> union) {
        int[] map = new int[labels.size()];
        for (int i = 0; i < map.length; i++) map[i] = union.indexOf(labels.get(i));
        return map;
    }

    /** A trained local expert and gate, before the routing is chosen. */
    static final class Experts {
        final Dense le;
        final Dense gn;

        Experts(Dense le, Dense gn) {
            this.le = le;
            this.gn = gn;
        }
    }

    /**
     * Trains LE and GN on the user's samples and their copies, choosing the routing with the
     * {@link RoutingGuard} when the options ask for one: what {@link #personalize} does after the GE pass.
     */
    Personalization train(UserFeatures uf, List<String> union, double featureSeconds) {
        long t0 = System.nanoTime();
        FeatureSet all = uf.all();
        Experts experts = trainExperts(all, union.size());
        RoutingGuard.Evidence evidence = null;
        RoutingGuard.Choice choice = configuredChoice();
        if (options.guardRule.crossValidates()) {
            evidence = RoutingGuard.collect(this, uf, union, options.guardFolds, options.seed);
            choice = RoutingGuard.LADDER.get(RoutingGuard.choose(options.guardRule, evidence, RoutingGuard.rungOf(options.duelMargin)));
        } else if (options.guardRule == RoutingGuard.Rule.KEEP_PERFECT_GE
                && geErrors(uf.originals) <= options.keepGeTolerance * uf.originals.size()) {
            choice = RoutingGuard.LADDER.get(0);
        }
        Mixture mixture = assemble(experts, union, choice);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        return personalization(mixture, all, uf.originals.size(), union, featureSeconds, trainSeconds, evidence, choice);
    }

    /** Trains LE and GN on the user's GE features (labels already in {@code union} indices), with the configured routing and no guard. */
    Personalization train(FeatureSet user, List<String> union, double featureSeconds) {
        return train(user, user.size(), union, featureSeconds);
    }

    /**
     * As {@link #train(FeatureSet, List, double)}; {@code originals}: how many of {@code user}'s rows
     * are the user's own samples (the rest are augmented copies). The guard needs to know which copy
     * belongs to which sample, so this form never runs it: use {@link #train(UserFeatures, List, double)}.
     */
    Personalization train(FeatureSet user, int originals, List<String> union, double featureSeconds) {
        long t0 = System.nanoTime();
        Mixture mixture = assemble(trainExperts(user, union.size()), union, configuredChoice());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        return personalization(mixture, user, originals, union, featureSeconds, trainSeconds, null, configuredChoice());
    }

    private Personalization personalization(Mixture mixture, FeatureSet user, int originals, List<String> union, double featureSeconds,
                                            double trainSeconds, RoutingGuard.Evidence evidence, RoutingGuard.Choice choice) {
        double userGate = gateShare(mixture, user), replayGate = gateShare(mixture, replay);
        return new Personalization(mixture, originals, user.size() - originals, union.size() - ge.numClasses(), featureSeconds,
                trainSeconds, userGate, replayGate, evidence, choice);
    }

    private static int geErrors(FeatureSet fs) {
        int e = 0;
        for (int i = 0; i < fs.size(); i++) if (fs.gePrediction(i) != fs.label(i)) e++;
        return e;
    }

    /** The routing the options configure (before any guard). */
    RoutingGuard.Choice configuredChoice() {
        return RoutingGuard.Choice.margin(options.duelMargin);
    }

    /** LE and GN trained on {@code user} (labels in union indices, {@code classes} of them). */
    Experts trainExperts(FeatureSet user, int classes) {
        int f = ge.featureSize(), kge = ge.numClasses();
        return new Experts(trainLocalExpert(user, f, classes, kge), trainGate(user, f));
    }

    /** The mixture of {@code experts} routed as {@code choice} (the GE only = a gate that never opens). */
    Mixture assemble(Experts experts, List<String> union, RoutingGuard.Choice choice) {
        Dense gn = choice.geOnly ? RoutingGuard.closedGate(experts.gn.inFeatures()) : experts.gn;
        float margin = choice.geOnly ? Float.NaN : choice.margin;
        return Mixture.assemble(ge, union, experts.le, gn, options.routing, options.confidenceCeiling, margin);
    }

    private Dense trainLocalExpert(FeatureSet user, int f, int k, int kge) {
        Dense le = new Dense("le/dense", f, k, Activation.NONE);
        if (options.leInit == PersonalizationOptions.LeInit.GE_HEAD) {
            Dense geHead = ge.classifier();
            System.arraycopy(geHead.weights().value().data(), 0, le.weights().value().data(), 0, kge * f);
            System.arraycopy(geHead.bias().value().data(), 0, le.bias().value().data(), 0, kge);
        } else {
            le.initialize(new Random(options.seed));
        }
        boolean useReplay = options.replayWeight > 0;
        FeatureSet data = useReplay ? user.concat(replay) : user;
        float[] w = new float[data.size()];
        float replayEach = useReplay ? options.replayWeight * user.size() / replay.size() : 0f;
        for (int i = 0; i < w.length; i++) w[i] = i < user.size() ? 1f : replayEach;
        HeadTrainer.Settings s = new HeadTrainer.Settings();
        s.epochs = options.leEpochs;
        s.seed = options.seed;
        s.anchor = options.leInit == PersonalizationOptions.LeInit.GE_HEAD ? options.anchor : 0f;
        HeadTrainer.trainSoftmax(le, data.features, data.labels, w, s);
        return le;
    }

    private Dense trainGate(FeatureSet user, int f) {
        FeatureSet data = user.concat(replay);
        int n = data.size(), in = f + 1;
        float[] x = gateInputs(data);
        float[] t = new float[n];
        for (int i = 0; i < user.size(); i++) t[i] = options.userGateTarget;
        // Standardise each input (constant ones, e.g. dead ReLUs, keep scale 1).
        float[] mean = new float[in], scale = new float[in];
        for (int i = 0; i < n; i++) for (int j = 0; j < in; j++) mean[j] += x[i * in + j];
        for (int j = 0; j < in; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) for (int j = 0; j < in; j++) { float d = x[i * in + j] - mean[j]; scale[j] += d * d; }
        for (int j = 0; j < in; j++) {
            float sd = (float) Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-6f ? sd : 1f;
        }
        float[] z = new float[x.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < in; j++) z[i * in + j] = (x[i * in + j] - mean[j]) / scale[j];
        Dense gn = new Dense("gn/dense", in, 1, Activation.NONE);
        gn.initialize(new Random(options.seed ^ 0x6A7E));
        HeadTrainer.Settings s = new HeadTrainer.Settings();
        s.epochs = options.gnEpochs;
        s.seed = options.seed + 1;
        float pos = user.size(), neg = replay.size();
        HeadTrainer.trainLogistic(gn, z, t, n / (2 * neg), n / (2 * pos), s);
        // Fold the standardisation into the weights: w'·x + b' = w·(x − mean)/scale + b.
        float[] w = gn.weights().value().data(), b = gn.bias().value().data();
        for (int j = 0; j < in; j++) {
            w[j] /= scale[j];
            b[0] -= w[j] * mean[j];
        }
        return gn;
    }

    /** Rows of [features, GE confidence]: what the GN reads, as the graph computes it. */
    static float[] gateInputs(FeatureSet fs) {
        int f = fs.featureSize, in = f + 1, n = fs.size();
        float[] x = new float[n * in];
        for (int i = 0; i < n; i++) {
            System.arraycopy(fs.features, i * f, x, i * in, f);
            x[i * in + f] = fs.geConfidence(i);
        }
        return x;
    }

    static double gateShare(Mixture m, FeatureSet fs) {
        Tensor gate = m.runHead(fs)[Mixture.GATE];
        int toLe = 0;
        for (float g : gate.data()) if (g > 0.5f) toLe++;
        return toLe / (double) Math.max(1, fs.size());
    }

    /**
     * Estimates before/after accuracy on the user's own samples by {@code folds}-fold
     * cross-validation (each fold predicted by a mixture trained on the others).
     */
    public CrossValidation crossValidate(Dataset user, int folds) {
        validate(user);
        List<String> union = unionLabels(user.labelNames());
        return CrossValidation.run(this, userFeatures(user, union), union, folds, options.seed);
    }

    /** GE features of {@code data} with labels mapped into {@code union} (for evaluation from features). */
    public FeatureSet features(Dataset data, List<String> union) {
        return ge.features(data, options.threads).subset(identity(data.size()), toUnion(data.labelNames(), union));
    }
}
