package org.localexpert.core.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The plant experiment's fixed splits, in code so every number is comparable (issue 6):
 * sugarcane-daphal and plantvillage-tomato are each split once into train / validation / test,
 * {@value #TRAIN_PERCENT} / {@value #VALIDATION_PERCENT} / {@value #TEST_PERCENT} per cent,
 * stratified by class; the farm set (sugarcane-roshitab) is drawn k photos per class for
 * personalization with seeded draws.
 *
 * <p>Membership depends only on each image's class and file name, never on load order or on the
 * other files: within a class, files are ordered by a seeded hash of their name and cut at the
 * rounded cumulative fractions. Loading the folder at another image size, on another machine or
 * with one unreadable file skipped keeps every other file in its part.
 */
public final class PlantSplits {
    public static final long SEED = 20_261_124L;
    public static final int TRAIN_PERCENT = 70;
    public static final int VALIDATION_PERCENT = 15;
    public static final int TEST_PERCENT = 15;

    private PlantSplits() {
    }

    /** Train, validation and test parts of one data set. */
    public static final class Split {
        private final Dataset train;
        private final Dataset validation;
        private final Dataset test;

        Split(Dataset train, Dataset validation, Dataset test) {
            this.train = train;
            this.validation = validation;
            this.test = test;
        }

        public Dataset train() {
            return train;
        }

        public Dataset validation() {
            return validation;
        }

        public Dataset test() {
            return test;
        }
    }

    /** The fixed split of sugarcane-daphal (as loaded by {@link ImageFolderDataset}). */
    public static Split daphal(Dataset daphal) {
        return split(daphal, SEED);
    }

    /** The fixed split of plantvillage-tomato. */
    public static Split tomato(Dataset tomato) {
        return split(tomato, SEED + 1);
    }

    /** A 70/15/15 split stratified by class, membership fixed by {@code seed} and file names. */
    public static Split split(Dataset d, long seed) {
        double[] cumulative = {TRAIN_PERCENT / 100.0, (TRAIN_PERCENT + VALIDATION_PERCENT) / 100.0, 1.0};
        List<List<Example>> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) parts.add(new ArrayList<>());
        for (List<Example> members : hashOrderedClasses(d, seed)) {
            int start = 0;
            for (int p = 0; p < 3; p++) {
                int end = p == 2 ? members.size() : (int) Math.round(cumulative[p] * members.size());
                parts.get(p).addAll(members.subList(start, end));
                start = end;
            }
        }
        return new Split(inLoadOrder(d, parts.get(0)), inLoadOrder(d, parts.get(1)), inLoadOrder(d, parts.get(2)));
    }

    /** The farm's personalization photos (k per class) and the held-out rest, for one seeded draw. */
    public static final class FarmDraw {
        private final Dataset personalization;
        private final Dataset heldOut;

        FarmDraw(Dataset personalization, Dataset heldOut) {
            this.personalization = personalization;
            this.heldOut = heldOut;
        }

        public Dataset personalization() {
            return personalization;
        }

        public Dataset heldOut() {
            return heldOut;
        }
    }

    /**
     * Draw number {@code draw} (0, 1, ...) of {@code k} photos per class from the farm set for
     * personalization; the rest is held out. Each class needs more than k photos.
     */
    public static FarmDraw farmDraw(Dataset farm, int k, int draw) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive, got " + k);
        List<Example> personal = new ArrayList<>(), rest = new ArrayList<>();
        for (List<Example> members : hashOrderedClasses(farm, SEED + 1000L * (draw + 1))) {
            if (members.isEmpty()) continue;
            if (members.size() <= k) {
                throw new DataException("class '" + farm.labelNames().get(members.get(0).label()) + "' has " + members.size()
                        + " photos; drawing " + k + " per class leaves none held out");
            }
            personal.addAll(members.subList(0, k));
            rest.addAll(members.subList(k, members.size()));
        }
        return new FarmDraw(inLoadOrder(farm, personal), inLoadOrder(farm, rest));
    }

    /** Each class's examples ordered by a seeded hash of their file name (ties by name). */
    private static List<List<Example>> hashOrderedClasses(Dataset d, long seed) {
        List<List<Example>> byClass = new ArrayList<>();
        for (int c = 0; c < d.numClasses(); c++) byClass.add(new ArrayList<>());
        for (Example e : d.examples()) {
            if (e.source() == null) throw new IllegalArgumentException("plant splits need each example's source file");
            byClass.get(e.label()).add(e);
        }
        for (List<Example> members : byClass) {
            Collections.sort(members, Comparator.<Example>comparingLong(e -> hash(seed, name(e))).thenComparing(PlantSplits::name));
        }
        return byClass;
    }

    private static String name(Example e) {
        return new File(e.source()).getName();
    }

    /**
     * A seeded 64-bit hash of a file name: FNV-1a over its characters, combined with the seed
     * through the SplitMix64 finaliser (so neighbouring seeds give unrelated orders). Pure
     * arithmetic: the same on every JVM and on Android.
     */
    static long hash(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(mix(seed) ^ h);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Dataset inLoadOrder(Dataset d, List<Example> part) {
        java.util.Set<Example> members = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Example, Boolean>());
        members.addAll(part);
        return d.filter(members::contains);
    }
}
