package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.LabelNames;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.train.Augmentation;
import org.localexpert.core.train.Rng;

/**
 * Trains a local expert (LE) and a gating network (GN) for one user on top of a frozen global
 * expert (GE), and assembles the {@link Mixture}: one personalizer for both {@link Domain}s, which
 * differ only in preprocessing, augmentation, defaults and wording.
 *
 * <pre>
 *   Personalizer p = new Personalizer(Domain.HANDWRITING, ge, replayFeatures, Domain.HANDWRITING.defaults().build());
 *   try (FeatureExtractor fx = FeatureExtractor.open(ge, tflite)) {
 *       Personalizer.UserFeatures uf = p.features(userSamples, fx, progress);   // one input at a time
 *       CrossValidation estimate = p.crossValidate(uf, 5);                      // the same train() as below
 *       Personalization r = p.train(uf);                                        // r.mixture() → one .tflite
 *   }
 * </pre>
 *
 * <p><b>Cost and memory.</b> The GE runs once over each user sample and each of its augmented copies,
 * one input at a time through the app's inference engine ({@link FeatureExtractor}); the replay
 * sample arrives as features ({@link ReplayFeatures}). LE and GN then train on feature vectors only —
 * no GE backward, no pixels held: memory grows with the samples only by their feature vectors.
 *
 * <p><b>The recipe</b> (handwriting's defaults, {@link Domain#defaults()}; the plant domain's differ as stated there):
 * <ol>
 * <li>LE = Dense(features → union classes), starting as a copy of the GE's own classifier (rows of
 * new classes start at 0), trained for 10 epochs with softmax cross-entropy on the user's samples,
 * 8 randomly warped copies of each (1.5× the GE recipe's affine: ±15°/±15 %/±3 px; each copy costs one
 * GE forward) and the replay sample (total replay weight = 0.5 × total user weight), with a light pull
 * (0.01) toward its starting weights — on the GE's classes only: a new class's row starts at zero, and
 * pulling it back there kept the LE from learning a new class that looks like a known one. Starting from the GE's classifier means the LE only has to
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
 * <li>A class only the user taught can only be answered by the LE: where the LE puts most of its
 * probability on the user's new classes, the gate opens whatever the GN or the duel say
 * ({@link Mixture}).</li>
 * </ol>
 *
 * <p><b>Why this recipe.</b> Starting the LE from the GE's own classifier means it only has to learn
 * how this user differs, which a handful of samples can teach; the replay sample and the pull toward
 * the start keep it from forgetting everyone else (a fresh LE, the paper's, cut as much error on the
 * user but cost 0.2–0.3 points on generic digits). Warped copies were the largest single gain: a
 * writer's hand drifts along the page, and the copies stand in for the drift. Hard routing gives a
 * clean "who answered"; the duel margin and the keep-a-perfect-GE rule make fewer users worse than the
 * GE alone. Every alternative and its measurement (cross-validation on the taught halves, the guards,
 * the held-out runs) is in {@code models/handwriting/README.md}; the plant domain's choices are in
 * {@code models/plant/README.md}.
 *
 * <p><b>Cost</b> with the shared LeNet-5 recipe (500 features, 431 k parameters, 2.3 M MACs):
 * LE 5,010 + GN 502 parameters = 1.28 % of the GE's parameters, 5,501 multiply-accumulates per input
 * = 0.24 % of the GE's (see {@link Mixture#costSummary()}); the budget is 2.5 % of each.
 */
public final class Personalizer {
    private final Domain domain;
    private final GlobalExpert ge;
    private final FeatureSet replay;
    private final PersonalizationOptions options;
    private final PersonalizationDesign design;

    /**
     * @param replay the GE's features of its generic replay sample (bound to this GE by its hash when read)
     */
    public Personalizer(Domain domain, GlobalExpert ge, ReplayFeatures replay, PersonalizationOptions options) {
        this(domain, ge, replay.labels(), replay.features(), options);
    }

    /**
     * With the replay sample's inputs, featurized here by the Java engine in batches: the host's
     * experiments and tests. The phone ships {@link ReplayFeatures} instead.
     *
     * @param replay GE-training inputs labelled with the GE's label names ({@link ReplaySample}, {@link PlantReplay})
     */
    public Personalizer(Domain domain, GlobalExpert ge, Dataset replay, PersonalizationOptions options) {
        this(domain, ge, checkedReplay(ge, replay).labelNames(), ge.features(replay, options.threads()), options);
    }

    private Personalizer(Domain domain, GlobalExpert ge, List<String> replayLabels, FeatureSet replay, PersonalizationOptions options) {
        if (!replayLabels.equals(ge.labels())) {
            throw new IllegalArgumentException("the replay sample's labels " + replayLabels + " differ from the GE's " + ge.labels());
        }
        if (replay.size() == 0) throw new IllegalArgumentException("the replay sample is empty");
        if (replay.featureSize != ge.featureSize() || replay.geClasses != ge.numClasses()) {
            throw new IllegalArgumentException("the replay features (" + replay.featureSize + " wide, " + replay.geClasses
                    + " classes) do not fit the GE (" + ge.featureSize() + ", " + ge.numClasses() + ")");
        }
        this.domain = domain;
        this.ge = ge;
        this.options = options;
        this.design = options.design();
        this.replay = replay;
    }

    private static Dataset checkedReplay(GlobalExpert ge, Dataset replay) {
        if (replay.isEmpty()) throw new IllegalArgumentException("the replay sample is empty");
        if (!Arrays.equals(replay.shape(), ge.inputShape())) {
            throw new IllegalArgumentException("replay shape " + Arrays.toString(replay.shape()) + " does not fit the GE's input " + Arrays.toString(ge.inputShape()));
        }
        return replay;
    }

    public Domain domain() {
        return domain;
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
     * The user's samples as GE features: each sample and {@code augmentCopies} augmented copies of it,
     * rows of one {@link FeatureSet} (originals first), labels in {@link #union()} indices. What
     * {@link #train} and {@link #crossValidate} consume.
     */
    public static final class UserFeatures {
        final FeatureSet rows;
        final int originals;
        final int[] copyOrigin;
        final List<String> union;
        final double seconds;

        UserFeatures(FeatureSet rows, int originals, int[] copyOrigin, List<String> union, double seconds) {
            this.rows = rows;
            this.originals = originals;
            this.copyOrigin = copyOrigin;
            this.union = Collections.unmodifiableList(new ArrayList<>(union));
            this.seconds = seconds;
        }

        /** The user's own samples (without copies). */
        public int samples() {
            return originals;
        }

        public List<String> union() {
            return union;
        }

        /** Seconds spent computing the features. */
        public double seconds() {
            return seconds;
        }

        /** The samples' rows then their copies' (labels in {@link #union()} indices): what the LE and the gate train on. */
        public FeatureSet rows() {
            return rows;
        }

        /** The user's own samples' rows. */
        public FeatureSet originals() {
            return rows.subset(identity(originals), null);
        }

        /** The originals at {@code idx} (in that order) and their copies: what a cross-validation fold trains on. */
        public UserFeatures subset(int[] idx) {
            int[] newIndex = new int[originals];
            Arrays.fill(newIndex, -1);
            for (int j = 0; j < idx.length; j++) newIndex[idx[j]] = j;
            List<Integer> copyRows = new ArrayList<>();
            for (int j = 0; j < copyOrigin.length; j++) if (newIndex[copyOrigin[j]] >= 0) copyRows.add(j);
            int[] rowIdx = new int[idx.length + copyRows.size()], origin = new int[copyRows.size()];
            System.arraycopy(idx, 0, rowIdx, 0, idx.length);
            for (int j = 0; j < copyRows.size(); j++) {
                rowIdx[idx.length + j] = originals + copyRows.get(j);
                origin[j] = newIndex[copyOrigin[copyRows.get(j)]];
            }
            return new UserFeatures(rows.subset(rowIdx, null), idx.length, origin, union, 0);
        }
    }

    /**
     * Validates the user's samples and computes their features and their augmented copies' features one
     * input at a time through {@code extractor}: what runs on the phone. {@code progress} hears of every GE
     * pass and may throw to cancel.
     *
     * @throws PersonalizationException for unusable samples (one-line, user-facing message)
     */
    public UserFeatures features(SampleSource user, FeatureExtractor extractor, Progress progress) {
        validate(user);
        long t0 = System.nanoTime();
        List<String> union = unionLabels(user.labelNames());
        int[] map = toUnion(user.labelNames(), union);
        int n = user.size(), copiesEach = options.augmentCopies(), total = n * (1 + copiesEach);
        int[] shape = user.shape();
        Augmentation augmentation = domain.augmentation(options);
        // Rows: originals first, then copy c of sample i at n + i * copiesEach + c, as userFeatures(Dataset) lays them out.
        FeatureSet.Rows originals = new FeatureSet.Rows(n, ge.featureSize(), ge.numClasses());
        FeatureSet.Rows copies = new FeatureSet.Rows(n * copiesEach, ge.featureSize(), ge.numClasses());
        int[] origin = new int[n * copiesEach];
        Progress p = progress == null ? Progress.NONE : progress;
        String what = "reading your " + domain.sampleNoun(true);
        int inputSize = ge.inputSize();
        float[] copy = new float[inputSize]; // one buffer for every augmented copy: the engine copies its input
        for (int i = 0; i < n; i++) {
            float[] px = user.load(i);
            if (px.length != inputSize) {
                throw new PersonalizationException(user.name(i) + " was prepared as " + px.length + " values but the model takes "
                        + Arrays.toString(ge.inputShape()));
            }
            int label = map[user.label(i)];
            for (int c = 0; c < copiesEach; c++) {
                augmentation.apply(px, copy, shape[0], shape[1], shape[2], new Rng(Rng.mix(options.seed(), i, c)));
                origin[i * copiesEach + c] = i;
                copies.add(extractor, copy, label);
            }
            originals.add(extractor, px, label);
            p.update((i + 1) * (1 + copiesEach), total, what);
        }
        FeatureSet all = copiesEach == 0 ? originals.build() : originals.build().concat(copies.build());
        return new UserFeatures(all, n, origin, union, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * {@link #features(SampleSource, FeatureExtractor, Progress)} for a data set already in memory, through the
     * Java engine in batches (same copies, same rows), labels mapped into {@code union}, without
     * {@link #validate}: the experiments' real writers may teach a class only once.
     */
    public UserFeatures userFeatures(Dataset user, List<String> union) {
        long t0 = System.nanoTime();
        int[] map = toUnion(user.labelNames(), union);
        FeatureSet originals = ge.features(user, options.threads()).subset(identity(user.size()), map);
        int copiesEach = options.augmentCopies();
        if (copiesEach == 0) return new UserFeatures(originals, user.size(), new int[0], union, (System.nanoTime() - t0) / 1e9);
        Augmentation augmentation = domain.augmentation(options);
        int[] shape = user.shape();
        List<Example> copies = new ArrayList<>(user.size() * copiesEach);
        int[] origin = new int[user.size() * copiesEach];
        for (int i = 0; i < user.size(); i++) {
            Example e = user.get(i);
            for (int c = 0; c < copiesEach; c++) {
                float[] px = e.features().clone();
                augmentation.apply(px, 0, shape[0], shape[1], shape[2], new Rng(Rng.mix(options.seed(), i, c)));
                origin[copies.size()] = i;
                copies.add(new Example(px, shape, e.label()));
            }
        }
        FeatureSet copyFs = ge.features(new Dataset(copies, user.labelNames(), shape), options.threads()).subset(identity(copies.size()), map);
        return new UserFeatures(originals.concat(copyFs), user.size(), origin, union, (System.nanoTime() - t0) / 1e9);
    }

    /** Validates {@code user} and featurizes it in memory ({@link #userFeatures(Dataset, List)}). */
    public UserFeatures features(Dataset user) {
        validate(SampleSource.of(user));
        return userFeatures(user, unionLabels(user.labelNames()));
    }

    /** Validates, featurizes in memory and trains: {@code train(features(user))}. */
    public Personalization personalize(Dataset user) {
        return train(features(user));
    }

    /** {@code train(features(user, extractor, progress))}: what the CLI and the app run. */
    public Personalization personalize(SampleSource user, FeatureExtractor extractor, Progress progress) {
        return train(features(user, extractor, progress));
    }

    /**
     * The "unsure" cut a personal model carries instead of its GE's when that is stricter than the model's own
     * confidence on the user's samples ({@link PersonalConfidence}): {@link PersonalConfidence#FOLDS} more trainings on
     * the features {@code p} was trained on (no GE passes). Null when the GE has no cut.
     */
    public ConfidenceThreshold unsureCut(Personalization p, ConfidenceThreshold geCut) {
        if (geCut == null) return null;
        return PersonalConfidence.cut(geCut, crossValidate(p.userFeatures, PersonalConfidence.FOLDS));
    }

    /** Refuses empty sets, a single class, too few samples of a class and bad labels, in the domain's words. */
    public void validate(SampleSource user) {
        validate(domain, user, options.minPerClass());
    }

    /** {@link #validate(SampleSource)} before a personalizer exists (e.g. before the replay sample is read). */
    public static void validate(Domain domain, SampleSource user, int minPerClass) {
        String many = domain.sampleNoun(true);
        if (user.size() == 0) throw new PersonalizationException("no " + many + ": add labelled " + many + " of your own first");
        for (String label : user.labelNames()) {
            try {
                LabelNames.validate(label, "your labels");
            } catch (DataException e) {
                throw new PersonalizationException(e.getMessage());
            }
        }
        int[] counts = user.classCounts();
        int present = 0;
        String only = "none";
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                if (present == 0) only = "'" + user.labelNames().get(c) + "'";
                present++;
            }
        }
        if (present < 2) {
            throw new PersonalizationException(many + " of only one class (" + only + "): the gate needs at least two classes to learn from — "
                    + domain.verb() + " " + many + " of another class too");
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && counts[c] < minPerClass) {
                throw new PersonalizationException("class '" + user.labelNames().get(c) + "' has " + counts[c] + " " + domain.sampleNoun(counts[c] != 1)
                        + "; " + domain.verb() + " at least " + minPerClass + " of each class you teach");
            }
        }
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
    public static final class Experts {
        final Dense le;
        final Dense gn;

        Experts(Dense le, Dense gn) {
            this.le = le;
            this.gn = gn;
        }
    }

    /**
     * Trains LE and GN on the user's features (samples and copies), choosing the routing with the
     * {@link RoutingGuard} when the options ask for one. The written model and the cross-validated
     * estimate both come from here.
     */
    public Personalization train(UserFeatures uf) {
        long t0 = System.nanoTime();
        List<String> union = uf.union;
        Experts experts = trainExperts(uf.rows, union.size());
        RoutingGuard.Evidence evidence = null;
        RoutingGuard.Choice choice = options.configuredChoice();
        if (options.guardRule().crossValidates()) {
            evidence = RoutingGuard.collect(this, uf, design.guardFolds(), options.seed());
            choice = RoutingGuard.LADDER.get(RoutingGuard.choose(options.guardRule(), evidence, RoutingGuard.rungOf(choice.margin)));
        } else if (options.guardRule() == RoutingGuard.Rule.KEEP_PERFECT_GE
                && geErrors(uf.rows, uf.originals) <= design.keepGeTolerance() * uf.originals) {
            choice = RoutingGuard.LADDER.get(0);
        }
        Mixture mixture = assemble(experts, union, choice);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        return new Personalization(mixture, uf.originals, uf.rows.size() - uf.originals, union.size() - ge.numClasses(), uf.seconds,
                trainSeconds, replay, evidence, choice, uf.originals(), uf);
    }

    /**
     * Estimates before/after accuracy on the user's own samples by {@code folds}-fold cross-validation:
     * each fold predicted by {@link #train} on the others.
     */
    public CrossValidation crossValidate(UserFeatures uf, int folds) {
        return CrossValidation.run(this, uf, folds, options.seed());
    }

    /** {@link #crossValidate(UserFeatures, int)} of a data set in memory. */
    public CrossValidation crossValidate(Dataset user, int folds) {
        return crossValidate(features(user), folds);
    }

    /** GE errors among the first {@code n} rows. */
    private static int geErrors(FeatureSet fs, int n) {
        int e = 0;
        for (int i = 0; i < n; i++) if (fs.gePrediction(i) != fs.label(i)) e++;
        return e;
    }

    /** The same GE and replay sample under other options: the benches' baselines and designs share one featurization. */
    public Personalizer withOptions(PersonalizationOptions other) {
        return new Personalizer(domain, ge, ge.labels(), replay, other);
    }

    /** The replay sample's GE features (labels in the GE's indices). */
    public FeatureSet replay() {
        return replay;
    }

    /** The LE alone, trained on the user's rows and the replay sample under these options (the benches' fine-tuned baselines). */
    public Dense trainLocalExpert(UserFeatures uf) {
        return trainLocalExpert(uf.rows.concat(replay), uf.rows.size(), ge.featureSize(), uf.union.size(), ge.numClasses());
    }

    /** LE and GN trained on {@code user} (labels in union indices, {@code classes} of them) and the replay sample. */
    public Experts trainExperts(FeatureSet user, int classes) {
        int f = ge.featureSize(), kge = ge.numClasses();
        FeatureSet data = user.concat(replay); // built once: the LE and the gate read the same rows
        return new Experts(trainLocalExpert(data, user.size(), f, classes, kge), trainGate(data, user.size(), f));
    }

    /** The mixture of {@code experts} routed as {@code choice} (the GE only = a gate that never opens). */
    public Mixture assemble(Experts experts, List<String> union, RoutingGuard.Choice choice) {
        Dense gn = choice.geOnly ? RoutingGuard.closedGate(experts.gn.inFeatures()) : experts.gn;
        Mixture.Gating gating = Mixture.Gating.of(design.routing());
        if (design.confidenceCeiling() < 1f) gating = gating.confidenceCeiling(design.confidenceCeiling());
        if (!choice.geOnly && !Float.isNaN(choice.margin)) gating = gating.duel(choice.margin);
        return Mixture.assemble(ge, union, experts.le, gn, gating);
    }

    /** {@code data}: the user's {@code users} rows, then the replay sample's. */
    private Dense trainLocalExpert(FeatureSet data, int users, int f, int k, int kge) {
        Dense le = new Dense("le/dense", f, k, Activation.NONE);
        // A GE read at a layer below its classifier has no head on these features to start from (or stay close to).
        boolean fromGeHead = design.leInit() == PersonalizationDesign.LeInit.GE_HEAD && ge.classifierReadsFeatures();
        if (fromGeHead) {
            Dense geHead = ge.classifier();
            System.arraycopy(geHead.weights().value().data(), 0, le.weights().value().data(), 0, kge * f);
            System.arraycopy(geHead.bias().value().data(), 0, le.bias().value().data(), 0, kge);
        } else {
            le.initialize(new Random(options.seed()));
        }
        float replayWeight = k > kge ? design.newClassReplayWeight(options.replayWeight()) : options.replayWeight();
        boolean useReplay = replayWeight > 0;
        int rows = useReplay ? data.size() : users;
        float[] w = new float[rows];
        float replayEach = useReplay ? replayWeight * users / (data.size() - users) : 0f;
        for (int i = 0; i < rows; i++) w[i] = i < users ? 1f : replayEach;
        HeadTrainer.Settings s = new HeadTrainer.Settings();
        s.epochs = design.leEpochs();
        s.seed = options.seed();
        s.anchor = fromGeHead ? design.anchor() : 0f;
        s.anchoredUnits = kge; // the user's new classes start at zero and have no GE answer to stay close to
        int[] labels = useReplay ? data.labels : Arrays.copyOf(data.labels, users);
        HeadTrainer.trainSoftmax(le, data.features, labels, w, s);
        return le;
    }

    /** {@code data}: the user's {@code users} rows (target: the user's hand), then the replay sample's (target 0). */
    private Dense trainGate(FeatureSet data, int users, int f) {
        int n = data.size(), in = f + 1;
        float[] x = gateInputs(data);
        float[] t = new float[n];
        for (int i = 0; i < users; i++) t[i] = options.userGateTarget();
        // Standardise each input in place (constant ones, e.g. dead ReLUs, keep scale 1).
        float[] mean = new float[in], scale = new float[in];
        for (int i = 0; i < n; i++) for (int j = 0; j < in; j++) mean[j] += x[i * in + j];
        for (int j = 0; j < in; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) for (int j = 0; j < in; j++) { float d = x[i * in + j] - mean[j]; scale[j] += d * d; }
        for (int j = 0; j < in; j++) {
            float sd = (float) Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-6f ? sd : 1f;
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < in; j++) x[i * in + j] = (x[i * in + j] - mean[j]) / scale[j];
        Dense gn = new Dense("gn/dense", in, 1, Activation.NONE);
        gn.initialize(new Random(options.seed() ^ 0x6A7E));
        HeadTrainer.Settings s = new HeadTrainer.Settings();
        s.epochs = design.gnEpochs();
        s.seed = options.seed() + 1;
        float pos = users, neg = n - users;
        HeadTrainer.trainLogistic(gn, x, t, n / (2 * neg), n / (2 * pos), s);
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

    /** Share of {@code fs} the gate sends to the LE, run through the head a few hundred rows at a time (bounded memory). */
    static double gateShare(Mixture m, FeatureSet fs) {
        int toLe = 0, chunk = 256;
        for (int from = 0; from < fs.size(); from += chunk) {
            int to = Math.min(fs.size(), from + chunk);
            FeatureSet part = from == 0 && to == fs.size() ? fs : fs.subset(range(from, to), null);
            for (float g : m.runHead(part)[Mixture.GATE].data()) if (g > 0.5f) toLe++;
        }
        return toLe / (double) Math.max(1, fs.size());
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    /** GE features of {@code data} with labels mapped into {@code union} (for evaluation from features). */
    public FeatureSet features(Dataset data, List<String> union) {
        return ge.features(data, options.threads()).subset(identity(data.size()), toUnion(data.labelNames(), union));
    }
}
