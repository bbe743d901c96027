package org.localexpert.core.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The plant experiment's fixed splits, in code so every number is comparable (issue 6, made
 * leak-free in issue 17): sugarcane-daphal and plantvillage-tomato are each split once into
 * train / validation / test, {@value #TRAIN_PERCENT} / {@value #VALIDATION_PERCENT} /
 * {@value #TEST_PERCENT} per cent, stratified by class; the farm set (sugarcane-roshitab) is drawn
 * about k photos per class for personalization with seeded draws.
 *
 * <p>What is split is not a file but a {@link PhotoGroups group}: byte-identical copies,
 * near-identical frames and the PlantVillage photos of one leaf stay together, so no test photo has
 * its copy or twin in training (the split by file name that this replaces had 44 of 378 Daphal test
 * photos byte-identical to training photos). A group belongs to the class of its lowest label (all
 * measured groups are inside one class).
 *
 * <p>Membership depends only on the files' contents and names, never on load order or on the size the
 * photos are loaded at: within a class, groups are ordered by a seeded hash of their members' names
 * (the smallest) and each goes to the part where the middle of its run of photos falls in the
 * cumulative fractions. Loading the folder on another machine or with one unreadable file skipped keeps
 * nearly every other file in its part.
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
    public static Split daphal(Dataset daphal, ImageDecoder decoder) {
        return split(daphal, SEED, decoder);
    }

    /** The fixed split of plantvillage-tomato. */
    public static Split tomato(Dataset tomato, ImageDecoder decoder) {
        return split(tomato, SEED + 1, decoder);
    }

    /** A 70/15/15 split of groups stratified by class, membership fixed by {@code seed}, contents and names. */
    public static Split split(Dataset d, long seed, ImageDecoder decoder) {
        double[] cumulative = {TRAIN_PERCENT / 100.0, (TRAIN_PERCENT + VALIDATION_PERCENT) / 100.0, 1.0};
        List<List<Example>> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) parts.add(new ArrayList<>());
        for (List<List<Example>> groups : hashOrderedGroups(d, seed, decoder)) {
            int total = 0;
            for (List<Example> g : groups) total += g.size();
            int before = 0;
            for (List<Example> g : groups) {
                double middle = (before + g.size() / 2.0) / total;
                int p = 0;
                while (p < 2 && middle >= cumulative[p]) p++;
                parts.get(p).addAll(g);
                before += g.size();
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
     * Draw number {@code draw} (0, 1, ...) of about {@code k} photos per class from the farm set for
     * personalization; the rest is held out. Whole groups are drawn ({@link PhotoGroups}), so a taught
     * photo's near-twins are never held out: in the seeded order, a group is taken when it still fits in
     * k, so a class gets exactly k where its groups allow (it has enough single photos to fill the gap)
     * and otherwise fewer; when no group fits at all, the smallest group is taken so no class goes
     * untaught. Each class must keep photos held out.
     */
    public static FarmDraw farmDraw(Dataset farm, int k, int draw, ImageDecoder decoder) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive, got " + k);
        List<Example> personal = new ArrayList<>(), rest = new ArrayList<>();
        List<List<List<Example>>> byClass = hashOrderedGroups(farm, SEED + 1000L * (draw + 1), decoder);
        for (int c = 0; c < byClass.size(); c++) {
            List<List<Example>> groups = byClass.get(c);
            if (groups.isEmpty()) continue;
            List<Example> taught = new ArrayList<>(), held = new ArrayList<>();
            for (List<Example> g : groups) {
                if (taught.size() + g.size() <= k) taught.addAll(g);
                else held.addAll(g);
            }
            if (taught.isEmpty()) {
                List<Example> smallest = groups.get(0);
                for (List<Example> g : groups) if (g.size() < smallest.size()) smallest = g;
                taught.addAll(smallest);
                held.removeAll(smallest);
            }
            if (held.isEmpty()) {
                throw new DataException("class '" + farm.labelNames().get(c) + "' has " + taught.size()
                        + " photos in groups of near-identical frames; drawing " + k + " per class leaves none held out");
            }
            personal.addAll(taught);
            rest.addAll(held);
        }
        return new FarmDraw(inLoadOrder(farm, personal), inLoadOrder(farm, rest));
    }

    /**
     * Each class's groups (a group goes to the class of its lowest label), ordered by the smallest
     * seeded hash of their members' names (ties by that name); members inside a group by name.
     */
    private static List<List<List<Example>>> hashOrderedGroups(Dataset d, long seed, ImageDecoder decoder) {
        PhotoGroups groups = PhotoGroups.of(d, decoder);
        List<List<List<Example>>> byClass = new ArrayList<>();
        for (int c = 0; c < d.numClasses(); c++) byClass.add(new ArrayList<>());
        for (List<Integer> members : groups.members()) {
            List<Example> g = new ArrayList<>();
            int label = Integer.MAX_VALUE;
            for (int i : members) {
                g.add(d.get(i));
                label = Math.min(label, d.get(i).label());
            }
            Collections.sort(g, Comparator.comparing(PlantSplits::name));
            byClass.get(label).add(g);
        }
        for (List<List<Example>> classGroups : byClass) {
            Collections.sort(classGroups, Comparator.<List<Example>>comparingLong(g -> groupKey(seed, g))
                    .thenComparing(g -> name(g.get(0))));
        }
        return byClass;
    }

    private static long groupKey(long seed, List<Example> group) {
        long key = Long.MAX_VALUE;
        for (Example e : group) key = Math.min(key, hash(seed, name(e)));
        return key;
    }

    /** The file name with its class folder, e.g. {@code Healthy/healthy_(1).jpg}: unique within a set. */
    private static String name(Example e) {
        File f = new File(e.source());
        File parent = f.getParentFile();
        return parent == null ? f.getName() : parent.getName() + "/" + f.getName();
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
