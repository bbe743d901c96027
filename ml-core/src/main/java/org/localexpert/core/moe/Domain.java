package org.localexpert.core.moe;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingImages;
import org.localexpert.core.data.ImagePreprocessor;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.train.Augmentation;
import org.localexpert.core.train.PlantRecipes;
import org.localexpert.core.train.RandomAffine;

/**
 * What differs between the two things LocalExpert personalizes — the inputs' preprocessing, how a
 * taught sample is varied into copies, the recipe's defaults, when a model should say "unsure", how the
 * replay sample's inputs are stored, and the words the user reads — so that one {@link Personalizer},
 * one {@link org.localexpert.core.predict.Classifier} and one set of commands serve both. Everything else
 * (features, LE, gate, routing, export) is the same code. Its {@link #id()} is the domain's one name in
 * files, metadata and on the command line.
 */
public enum Domain {
    /** Characters drawn on the screen (28 x 28 grey); copies are affine warps. */
    HANDWRITING("handwriting", "drawing", "drawings", "write") {
        @Override
        public ImagePreprocessor preprocessor(int[] inputShape) {
            return new HandwritingImages();
        }

        @Override
        public Augmentation augmentation(PersonalizationOptions options) {
            return RandomAffine.forDigits(options.design().warpStrength());
        }

        @Override
        public PersonalizationOptions.Builder defaults() {
            return PersonalizationOptions.builder();
        }

        @Override
        public AbstentionRule abstentionRule(ConfidenceThreshold threshold) {
            return AbstentionRule.forHandwriting(threshold);
        }

        @Override
        public Dataset readReplay(InputStream in, PlantReplay.JpegDecoder photos, int[] inputShape, String origin) throws IOException {
            return ReplaySample.read(in, origin);
        }
    },

    /** Leaf photos (square RGB at the GE's size); copies are the GE recipe's crops, flips and colour jitter. */
    PLANT("plant", "photo", "photos", "take") {
        @Override
        public ImagePreprocessor preprocessor(int[] inputShape) {
            return new PhotoPreprocessor(inputShape[0]);
        }

        @Override
        public Augmentation augmentation(PersonalizationOptions options) {
            return PlantRecipes.photoAugmentation();
        }

        /**
         * Handwriting's design with a heavier replay (2 vs 0.5), a gate target of 0.9 for the farm's photos,
         * margin 0.05 and no guard: chosen by cross-validation on the personalization photos (FarmDesigns; the
         * table is in models/plant/README.md).
         */
        @Override
        public PersonalizationOptions.Builder defaults() {
            return PersonalizationOptions.builder().augmentCopies(8).replayWeight(2f).userGateTarget(0.9f).duelMargin(0.05f)
                    .guard(RoutingGuard.Rule.NONE);
        }

        @Override
        public AbstentionRule abstentionRule(ConfidenceThreshold threshold) {
            return AbstentionRule.forLeafPhotos(threshold);
        }

        @Override
        public Dataset readReplay(InputStream in, PlantReplay.JpegDecoder photos, int[] inputShape, String origin) throws IOException {
            return PlantReplay.read(in, photos, inputShape[0], origin);
        }
    };

    /**
     * The fewest samples of a class the personalizer trains on (it refuses fewer; the app derives from it how
     * many a class needs in all, held-out ones included). Below four the LE learns a class from a handful
     * of near-identical inputs, and a cross-validation fold may hold none of it.
     */
    public static final int MIN_PER_CLASS = 4;

    private final String id;
    private final String sample;
    private final String samples;
    private final String verb;

    Domain(String id, String sample, String samples, String verb) {
        this.id = id;
        this.sample = sample;
        this.samples = samples;
        this.verb = verb;
    }

    /** The name in files, metadata and the command line: "handwriting", "plant". */
    public String id() {
        return id;
    }

    /** What the user calls one input ("drawing", "photo") and several. */
    public String sampleNoun(boolean plural) {
        return plural ? samples : sample;
    }

    /** How the user makes one ("write", "take"). */
    public String verb() {
        return verb;
    }

    /** How a file becomes model input for a GE taking {@code inputShape}. */
    public abstract ImagePreprocessor preprocessor(int[] inputShape);

    /** How a taught sample is varied into the copies the LE and the gate also learn from. */
    public abstract Augmentation augmentation(PersonalizationOptions options);

    /** The product's recipe for this domain (one thread, the phone's case). */
    public abstract PersonalizationOptions.Builder defaults();

    /** When a model of this domain says "unsure" instead of answering, given its calibrated {@code threshold}. */
    public abstract AbstentionRule abstentionRule(ConfidenceThreshold threshold);

    /**
     * Reads the replay sample's inputs ({@code replay.bin}, written beside a GE) for a GE taking {@code inputShape};
     * {@code photos} decodes the plant domain's JPEGs (unused for handwriting); {@code origin} names the source in errors.
     */
    public abstract Dataset readReplay(InputStream in, PlantReplay.JpegDecoder photos, int[] inputShape, String origin) throws IOException;

    /** The domain named {@code id}. */
    public static Domain of(String id) {
        Domain d = named(id);
        if (d == null) throw new IllegalArgumentException("unknown domain '" + id + "': handwriting or plant");
        return d;
    }

    /** The domain named {@code id}, or null when it names none (a model file's metadata may say nothing or something else). */
    public static Domain named(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Domain d : values()) if (d.id.equals(s)) return d;
        return null;
    }

    /** The domain of a GE that takes {@code inputShape}: colour photos are plants, anything else handwriting. */
    public static Domain ofInput(int[] inputShape) {
        return inputShape.length == 3 && inputShape[2] == 3 ? PLANT : HANDWRITING;
    }
}
