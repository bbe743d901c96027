package org.localexpert.core.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.train.Augmentation;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.core.train.Rng;

/**
 * "My farm": a local expert and a gate for one farm's leaf photos on top of the frozen plant GE.
 * The LE and GN are trained exactly as for handwriting ({@link Personalizer#train}: LE = the GE's
 * own classifier fine-tuned on the farm's GE features plus the replay sample, GN = logistic
 * regression on [GE features, GE confidence], hard routing, the LE must nearly out-confide the GE);
 * what differs for photos is where the extra examples come from and what the replay sample is.
 *
 * <ul>
 * <li><b>Augmented copies</b> of each farm photo from the GE recipe's photo augmentation
 * ({@link PlantRecipes#photoAugmentation()}: random crop ≥ 60 % of the area, flips in x and y,
 * colour jitter 0.2) instead of the digits' affine warp. Each copy costs one GE forward.</li>
 * <li><b>Replay</b>: GE-training photos (Daphal and tomato train splits, {@link PlantReplay}), which
 * tell the gate what the GE already handles.</li>
 * </ul>
 *
 * <p>The farm's classes are GE classes (RoshitaB: Healthy, RedRot, RedRust = Rust), so the mixture
 * keeps the GE's 15 labels; a farmer's new class (a disease the GE does not know) is appended as
 * for handwriting.
 *
 * <p><b>Design, by measurement</b> ({@link FarmDesigns}: cross-validation on the personalization
 * photos only, the table is there and in {@code models/plant/README.md}): handwriting's recipe with
 * {@value #DEFAULT_COPIES} photo copies, a replay weight of {@value #DEFAULT_REPLAY_WEIGHT} in the LE's
 * loss (handwriting: 0.5) and a gate target of {@value #DEFAULT_GATE_TARGET} for the farm's photos
 * (handwriting: 1); replay = 16 GE-training photos per class. Handwriting's own design lost 1.2
 * points of generic accuracy in cross-validation, this one 0.6, for the same farm gain.
 *
 * <p><b>Cost</b> with the shipped plant GE (256 features, 15 classes): LE 3,855 + GN 258 parameters
 * (+ 2 of the duel condition's fixed step) = 4,115 = 1.92 % of the GE's 214,197; 4,098 multiply-adds = 0.03 % of
 * its 13.3 M. At k = 10 (30 photos) personalizing takes ~0.9 s of CPU on one thread, almost all of it
 * the GE's forward pass over the photos and their 240 copies; LE + GN training alone ~0.2 s.
 */
public final class FarmPersonalizer {
    /** Augmented copies per farm photo in the chosen design (see {@link FarmDesigns}). */
    public static final int DEFAULT_COPIES = 8;

    private final Personalizer personalizer;
    private final Augmentation augmentation;

    /**
     * @param replay  GE-training photos labelled with the GE's labels ({@link PlantReplay})
     * @param options LE/GN settings; {@code augmentCopies} is the number of photo copies per farm photo
     */
    public FarmPersonalizer(GlobalExpert ge, Dataset replay, PersonalizationOptions options) {
        this(ge, replay, options, PlantRecipes.photoAugmentation());
    }

    public FarmPersonalizer(GlobalExpert ge, Dataset replay, PersonalizationOptions options, Augmentation augmentation) {
        this.personalizer = new Personalizer(ge, replay, options);
        this.augmentation = augmentation;
    }

    /** Replay weight in the LE's loss chosen for farms (handwriting: 0.5). */
    public static final float DEFAULT_REPLAY_WEIGHT = 2f;
    /** The gate's target for the farm's photos chosen for farms (handwriting: 1). */
    public static final float DEFAULT_GATE_TARGET = 0.9f;

    /**
     * The defaults chosen for farms ({@link FarmDesigns}): handwriting's design, but
     * {@value #DEFAULT_COPIES} photo copies, replay weight {@value #DEFAULT_REPLAY_WEIGHT} and gate
     * target {@value #DEFAULT_GATE_TARGET}; one thread (the phone's case).
     */
    public static PersonalizationOptions.Builder defaultOptions() {
        // Margin 0.05 and no guard: what FarmDesigns measured (handwriting's defaults before it moved to
        // margin 0.2 + RoutingGuard.Rule.KEEP_PERFECT_GE, measured on writers only).
        return PersonalizationOptions.builder().augmentCopies(DEFAULT_COPIES).replayWeight(DEFAULT_REPLAY_WEIGHT)
                .userGateTarget(DEFAULT_GATE_TARGET).duelMargin(0.05f).guard(RoutingGuard.Rule.NONE, 4).threads(1);
    }

    public GlobalExpert globalExpert() {
        return personalizer.globalExpert();
    }

    public PersonalizationOptions options() {
        return personalizer.options();
    }

    /** The GE's labels, then the farm's labels the GE does not know. */
    public List<String> unionLabels(List<String> farmLabels) {
        return personalizer.unionLabels(farmLabels);
    }

    /** Validates the farm's photos and trains the mixture (GE pass over photos and copies, LE, GN). */
    public Personalization personalize(Dataset farm) {
        validate(farm);
        long t0 = System.nanoTime();
        List<String> union = unionLabels(farm.labelNames());
        Personalizer.UserFeatures uf = userFeatures(farm, union);
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        return personalizer.train(uf.all(), uf.originals.size(), union, featureSeconds);
    }

    /** Before/after estimate on the farm's own photos by {@code folds}-fold cross-validation. */
    public CrossValidation crossValidate(Dataset farm, int folds) {
        validate(farm);
        List<String> union = unionLabels(farm.labelNames());
        return CrossValidation.run(personalizer, userFeatures(farm, union), union, folds, options().seed());
    }

    /** GE features of {@code data}, labels mapped into {@code union}. */
    public FeatureSet features(Dataset data, List<String> union) {
        return personalizer.features(data, union);
    }

    /** Trains from precomputed features (the benchmark's cross-validation). */
    Personalization train(Personalizer.UserFeatures uf, List<String> union) {
        return personalizer.train(uf.all(), uf.originals.size(), union, 0);
    }

    /**
     * The farm's photos and {@code augmentCopies} augmented copies of each as GE features. Copy c of
     * photo i is drawn from {@code Rng.mix(seed, i, c)}: the same photos give the same copies.
     */
    Personalizer.UserFeatures userFeatures(Dataset farm, List<String> union) {
        int[] map = Personalizer.toUnion(farm.labelNames(), union);
        FeatureSet originals = features(farm, union);
        int copiesEach = options().augmentCopies;
        if (copiesEach == 0) return new Personalizer.UserFeatures(originals, null, null);
        int[] shape = farm.shape();
        long seed = options().seed();
        List<Example> copies = new ArrayList<>(farm.size() * copiesEach);
        int[] origin = new int[farm.size() * copiesEach];
        for (int i = 0; i < farm.size(); i++) {
            Example e = farm.get(i);
            for (int c = 0; c < copiesEach; c++) {
                float[] px = e.features().clone();
                augmentation.apply(px, 0, shape[0], shape[1], shape[2], new Rng(Rng.mix(seed, i, c)));
                origin[copies.size()] = i;
                copies.add(new Example(px, shape, e.label()));
            }
        }
        FeatureSet copyFs = personalizer.globalExpert().features(new Dataset(copies, farm.labelNames(), shape), options().threads())
                .subset(Personalizer.identity(copies.size()), map);
        return new Personalizer.UserFeatures(originals, copyFs, origin);
    }

    /** Refuses empty sets, a single class, too few photos of a class and inputs the GE cannot take — in a farmer's words. */
    public void validate(Dataset farm) {
        validate(farm, globalExpert().inputShape(), options().minPerClass());
    }

    public static void validate(Dataset farm, int[] inputShape, int minPerClass) {
        if (farm.isEmpty()) throw new PersonalizationException("no photos: add labelled photos of your own leaves first");
        if (!Arrays.equals(farm.shape(), inputShape)) {
            throw new PersonalizationException("photos were prepared as " + Arrays.toString(farm.shape()) + " but the GE takes " + Arrays.toString(inputShape));
        }
        int[] counts = farm.classCounts();
        int present = 0;
        for (int c : counts) if (c > 0) present++;
        if (present < 2) {
            throw new PersonalizationException("photos of only one class: the gate needs at least two classes to learn from — add photos of another disease or of healthy leaves");
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && counts[c] < minPerClass) {
                throw new PersonalizationException("class '" + farm.labelNames().get(c) + "' has " + counts[c] + " photo(s); take at least "
                        + minPerClass + " photos of each class you teach");
            }
        }
    }
}
