package org.localexpert.core.moe;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Checkpoint;

/**
 * The "generic replay" sample: a small, fixed, class-balanced set of the GE's own training digits.
 * The gate learns from it what the GE already handles (so it leaves those inputs to the GE), and
 * the LE sees it next to the user's samples so it does not forget the common shapes of each digit.
 *
 * <p>It ships with the app ({@link #write}/{@link #read}: a checksummed {@link Checkpoint} of the
 * images and labels, gzipped) instead of being downloaded; on the host it is drawn from the data with
 * {@link #select}. Gzip matters: 300 digits are 940 KB as float32, but MNIST pixels are mostly 0 and
 * take only 256 values, so the shipped {@code models/handwriting/replay.bin} is far smaller.
 */
public final class ReplaySample {
    /** Digits per class in the shipped sample: 300 in all. */
    public static final int DEFAULT_PER_CLASS = 30;
    public static final long DEFAULT_SEED = 5;

    private ReplaySample() {}

    /**
     * {@code perClass} examples of every class of {@code geTraining}, chosen by {@code seed}
     * (the same arguments always give the same sample), in class order.
     */
    public static Dataset select(Dataset geTraining, int perClass, long seed) {
        if (perClass < 1) throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        int[] order = geTraining.shuffledIndices(seed);
        List<List<Example>> byClass = new ArrayList<>();
        for (int c = 0; c < geTraining.numClasses(); c++) byClass.add(new ArrayList<>());
        for (int i : order) {
            Example e = geTraining.get(i);
            List<Example> bucket = byClass.get(e.label());
            if (bucket.size() < perClass) bucket.add(e);
        }
        List<Example> picked = new ArrayList<>();
        for (List<Example> bucket : byClass) picked.addAll(bucket);
        return new Dataset(picked, geTraining.labelNames(), geTraining.shape());
    }

    /** Upper bound on a replay file once unzipped: a few thousand digits, far above any real sample. */
    private static final int MAX_UNZIPPED_BYTES = 64 << 20;

    /** Writes the sample (images, labels, label names) gzipped and atomically. */
    public static void write(Dataset sample, Path file) throws IOException {
        int n = sample.size(), size = sample.featureSize();
        int[] shape = sample.shape();
        int[] full = new int[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        float[] images = new float[n * size], labels = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sample.get(i).features(), 0, images, i * size, size);
            labels[i] = sample.get(i).label();
        }
        Checkpoint checkpoint = new Checkpoint()
                .put("kind", "localexpert-replay")
                .put("labels", String.join("\n", sample.labelNames()))
                .putTensor("images", Tensor.of(images, full))
                .putTensor("labels", Tensor.of(labels, n));
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(checkpoint.toBytes());
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp"); // not createTempFile: that makes it owner-only
        try {
            Files.write(tmp, zipped.toByteArray());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a sample written by {@link #write}. */
    public static Dataset read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a sample from a stream (on the phone: the APK asset); {@code origin} names it in errors.
     * A plain, unzipped checkpoint is accepted too.
     */
    public static Dataset read(InputStream in, String origin) throws IOException {
        byte[] bytes = readAll(in, MAX_UNZIPPED_BYTES, origin);
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = readAll(gz, MAX_UNZIPPED_BYTES, origin);
            }
        }
        return fromCheckpoint(Checkpoint.fromBytes(bytes, origin), origin);
    }

    /** All of {@code in}, refusing more than {@code max} bytes (a replay file is never that large). */
    static byte[] readAll(InputStream in, int max, String origin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int r; (r = in.read(buf)) > 0; ) {
            out.write(buf, 0, r);
            if (out.size() > max) throw new IOException(origin + " is larger than any replay sample may be (" + max + " bytes)");
        }
        return out.toByteArray();
    }

    private static Dataset fromCheckpoint(Checkpoint c, String file) throws IOException {
        if (!"localexpert-replay".equals(c.has("kind") ? c.get("kind") : null)) {
            throw new IOException(file + " is not a LocalExpert replay sample");
        }
        List<String> names = Arrays.asList(c.get("labels").split("\n", -1));
        Tensor images = c.tensor("images"), labels = c.tensor("labels");
        int n = labels.size();
        int[] s = images.shape();
        if (s.length < 2 || s[0] != n) throw new IOException(file + ": " + n + " labels but images of shape " + Arrays.toString(s));
        int[] shape = Arrays.copyOfRange(s, 1, s.length);
        int size = images.size() / Math.max(1, n);
        List<Example> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = (int) labels.data()[i];
            if (label < 0 || label >= names.size()) throw new IOException(file + ": label index " + label + " out of range");
            examples.add(new Example(Arrays.copyOfRange(images.data(), i * size, (i + 1) * size), shape, label));
        }
        return new Dataset(examples, names, shape);
    }
}
