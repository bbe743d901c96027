package org.localexpert.core.data;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The photos of a set that are not independent samples, joined into groups (union-find), so a split
 * or a draw can keep each group on one side. Two photos are in one group when
 * <ul>
 * <li>their files have the same bytes (same SHA-256), or</li>
 * <li>their difference hashes ({@link PhotoFingerprint}) differ in at most
 * {@value #NEAR_DUPLICATE_BITS} of {@value PhotoFingerprint#HASH_BITS} bits (the same frame shifted,
 * re-encoded or a burst shot of one scene), or</li>
 * <li>both are PlantVillage photos of one series in one class whose numbers are equal or
 * consecutive ({@link PlantVillageLeaf}: one leaf photographed again);</li>
 * </ul>
 * and by transitivity. Why {@value #NEAR_DUPLICATE_BITS} bits: measured on montages of every
 * sugarcane-daphal pair under 120 bits (see models/plant/README.md, "Data and split"): all pairs up to
 * 69 bits were the same scene moved slightly; the nearest pair of different leaves was at 89 bits, and
 * different leaves of different classes start at 104. Tomato's nearest pair of distinct files is at 107.
 *
 * <p>Fingerprints are kept per file (path, size, modification time) for the life of the JVM: a
 * split asked for again (each caller loads its own copy of the set) costs no decoding. The first
 * time, every file is read and decoded subsampled: about 6 s for Daphal's 2,521 photos, 2 s for
 * tomato's 1,600 on this machine.
 */
public final class PhotoGroups {
    public static final int NEAR_DUPLICATE_BITS = 80;

    private static final Map<String, PhotoFingerprint> CACHE = new ConcurrentHashMap<>();

    private final List<PhotoFingerprint> fingerprints;
    private final int[] root;

    private PhotoGroups(List<PhotoFingerprint> fingerprints, int[] root) {
        this.fingerprints = fingerprints;
        this.root = root;
    }

    /** Groups of {@code d}'s examples, decoding their source files with {@code decoder}. */
    public static PhotoGroups of(Dataset d, ImageDecoder decoder) {
        List<Example> examples = d.examples();
        List<PhotoFingerprint> fps = new ArrayList<>(examples.size());
        for (Example e : examples) {
            if (e.source() == null) throw new IllegalArgumentException("photo groups need each example's source file");
            fps.add(fingerprint(new File(e.source()), decoder));
        }
        int n = examples.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        Map<String, Integer> byContent = new HashMap<>();
        Map<String, Integer> byLeaf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Integer same = byContent.putIfAbsent(fps.get(i).contentHash(), i);
            if (same != null) union(parent, same, i);
            PlantVillageLeaf leaf = PlantVillageLeaf.parse(examples.get(i).source());
            if (leaf != null) {
                String key = examples.get(i).label() + "|" + leaf.series() + "|";
                Integer sameLeaf = byLeaf.putIfAbsent(key + leaf.number(), i);
                if (sameLeaf != null) union(parent, sameLeaf, i);
            }
        }
        for (int i = 0; i < n; i++) {
            PlantVillageLeaf leaf = PlantVillageLeaf.parse(examples.get(i).source());
            if (leaf == null) continue;
            Integer next = byLeaf.get(examples.get(i).label() + "|" + leaf.series() + "|" + (leaf.number() + 1));
            if (next != null) union(parent, i, next);
        }
        // All pairs: 3.2 million popcounts for Daphal, well under a second.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (fps.get(i).distance(fps.get(j)) <= NEAR_DUPLICATE_BITS) union(parent, i, j);
            }
        }
        for (int i = 0; i < n; i++) parent[i] = find(parent, i);
        return new PhotoGroups(fps, parent);
    }

    private static PhotoFingerprint fingerprint(File file, ImageDecoder decoder) {
        String key = file.getAbsolutePath() + "|" + file.length() + "|" + file.lastModified();
        PhotoFingerprint known = CACHE.get(key);
        if (known != null) return known;
        PhotoFingerprint fp = PhotoFingerprint.of(file, decoder);
        CACHE.put(key, fp);
        return fp;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        // The smaller index becomes the root, so the result does not depend on the order of unions.
        if (ra < rb) parent[rb] = ra;
        else if (rb < ra) parent[ra] = rb;
    }

    /** Group of example {@code i} (an index into the dataset): equal for examples in one group. */
    public int group(int i) {
        return root[i];
    }

    /** The fingerprint of example {@code i}. */
    public PhotoFingerprint fingerprint(int i) {
        return fingerprints.get(i);
    }

    /** The examples' indices, one list per group, in order of each group's first example. */
    public List<List<Integer>> members() {
        Map<Integer, List<Integer>> byRoot = new java.util.LinkedHashMap<>();
        for (int i = 0; i < root.length; i++) byRoot.computeIfAbsent(root[i], r -> new ArrayList<>()).add(i);
        return new ArrayList<>(byRoot.values());
    }
}
