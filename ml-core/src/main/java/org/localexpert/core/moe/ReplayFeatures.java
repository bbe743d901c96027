package org.localexpert.core.moe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Checkpoint;
import org.localexpert.core.train.CheckpointException;

/**
 * The generic replay sample as the GE sees it: its feature vectors, class probabilities and labels.
 * The local expert and the gate only ever read the GE's features of the replay inputs, and those are
 * the same on every run, so they are computed once on the host (by {@code write-replay}, right after
 * the GE is written) and shipped instead of the inputs: no GE pass over them on the phone, and
 * kilobytes in the APK instead of megabytes of photos.
 *
 * <p>The file names the GE it was computed with by its weights hash ({@code sha256-weights:…},
 * {@link org.localexpert.core.tflite.GeHash}); {@link #read} refuses it for any other GE, since
 * another GE's features mean nothing to this one's LE and gate.
 */
public final class ReplayFeatures {
    /** The file's name beside its GE. */
    public static final String FILE_NAME = "replay-features.bin";
    private static final String KIND = "localexpert-replay-features";
    /** Far above any real sample (a few hundred vectors of a few hundred floats). */
    private static final int MAX_BYTES = 32 << 20;

    private final String geHash;
    private final List<String> labels;
    private final FeatureSet features;

    public ReplayFeatures(String geHash, List<String> labels, FeatureSet features) {
        if (geHash == null || geHash.isEmpty()) throw new IllegalArgumentException("the GE's hash is required");
        if (features.geClasses != labels.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for probabilities of " + features.geClasses + " classes");
        }
        this.geHash = geHash;
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.features = features;
    }

    /** The GE's features of {@code replay} (labels in the GE's label order), computed by {@code extractor} one input at a time. */
    public static ReplayFeatures compute(GlobalExpert ge, String geHash, org.localexpert.core.data.Dataset replay, FeatureExtractor extractor) {
        if (!replay.labelNames().equals(ge.labels())) {
            throw new IllegalArgumentException("the replay sample's labels " + replay.labelNames() + " differ from the GE's " + ge.labels());
        }
        return new ReplayFeatures(geHash, ge.labels(), FeatureSet.extract(org.localexpert.core.data.SampleSource.of(replay), null, extractor, null));
    }

    public String geHash() {
        return geHash;
    }

    public List<String> labels() {
        return labels;
    }

    public FeatureSet features() {
        return features;
    }

    public int size() {
        return features.size();
    }

    public byte[] toBytes() {
        int n = features.size();
        float[] l = new float[n];
        for (int i = 0; i < n; i++) l[i] = features.labels[i];
        return new Checkpoint()
                .put("kind", KIND)
                .put("ge_hash", geHash)
                .put("labels", String.join("\n", labels))
                .putTensor("features", Tensor.of(features.features.clone(), n, features.featureSize))
                .putTensor("probabilities", Tensor.of(features.probs.clone(), n, features.geClasses))
                .putTensor("labels", Tensor.of(l, n))
                .toBytes();
    }

    /** Writes the file atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, toBytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static ReplayFeatures read(Path file, String expectedGeHash) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), expectedGeHash);
        }
    }

    /**
     * Reads replay features ({@code origin} names the file in errors) and checks they were computed with the
     * GE whose weights hash is {@code expectedGeHash}.
     *
     * @throws IOException for a damaged or foreign file, or one computed with another GE
     */
    public static ReplayFeatures read(InputStream in, String origin, String expectedGeHash) throws IOException {
        byte[] bytes = ReplaySample.readAll(in, MAX_BYTES, origin);
        Checkpoint c;
        try {
            c = Checkpoint.fromBytes(bytes, origin);
        } catch (CheckpointException e) {
            throw new IOException(origin + " is damaged: " + e.getMessage(), e);
        }
        if (!KIND.equals(c.has("kind") ? c.get("kind") : null)) throw new IOException(origin + " is not a LocalExpert replay-features file");
        String hash = c.get("ge_hash");
        if (!hash.equals(expectedGeHash)) {
            throw new IOException(origin + " was computed with another global expert (" + abbreviate(hash) + ", this one is "
                    + abbreviate(expectedGeHash) + "): write it again with `localexpert write-replay` for this GE");
        }
        List<String> labels = Arrays.asList(c.get("labels").split("\n", -1));
        Tensor f = c.tensor("features"), p = c.tensor("probabilities"), l = c.tensor("labels");
        int n = l.size();
        if (f.shape().length != 2 || p.shape().length != 2 || f.shape()[0] != n || p.shape()[0] != n || p.shape()[1] != labels.size()) {
            throw new IOException(origin + ": inconsistent shapes " + Arrays.toString(f.shape()) + ", " + Arrays.toString(p.shape()) + " for " + n + " labels");
        }
        int[] li = new int[n];
        for (int i = 0; i < n; i++) {
            li[i] = (int) l.data()[i];
            if (li[i] < 0 || li[i] >= labels.size()) throw new IOException(origin + ": label index " + li[i] + " out of range");
        }
        return new ReplayFeatures(hash, labels, new FeatureSet(f.data(), p.data(), li, f.shape()[1], labels.size()));
    }

    private static String abbreviate(String hash) {
        String h = hash == null ? "none" : hash;
        return h.length() > 27 ? h.substring(0, 27) + "…" : h;
    }
}
