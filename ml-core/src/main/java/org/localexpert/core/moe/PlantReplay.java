package org.localexpert.core.moe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.PhotoPreprocessor;

/**
 * The plant GE's generic replay sample: a few GE-training photos per class, shipped with the app
 * ({@code models/plant/replay.bin}) so that personalizing a farm needs no data set. The gate learns
 * from them what the GE already handles; the LE sees them next to the farm's photos.
 *
 * <p><b>Format</b>: a ZIP archive (java.util.zip on both sides) holding {@code labels.txt} (the
 * GE's labels, one per line) and one JPEG per photo at the GE's input size, named
 * {@code <label>/<n>.jpg}. Why JPEG: a preprocessed 128×128 photo is 196 KB as float32 and still
 * ~40 KB as deflated 8-bit pixels; as a quality-92 JPEG it is ~5 KB, and the gate does not notice
 * the difference (it reads 256 pooled features). Decoding is the platform's
 * ({@link JpegDecoder}: javax.imageio on the host, BitmapFactory in the app); the decoded pixels go
 * through the same {@link PhotoPreprocessor} as every photo.
 */
public final class PlantReplay {
    /** Photos per GE class in the shipped sample: 16 × 15 = 240 photos, 1.7 MB (8 per class let more generic photos through the gate: models/plant/README.md). */
    public static final int DEFAULT_PER_CLASS = 16;
    /** Entry time in the archive (1980-01-02, inside the DOS date range), so the same sample always gives the same bytes. */
    private static final long ENTRY_TIME = 315619200000L;
    public static final long DEFAULT_SEED = 5;
    static final String LABELS_ENTRY = "labels.txt";
    /** A replay sample is small; refuse archives that unpack to more than this (zip bombs, wrong files). */
    private static final long MAX_BYTES = 32L << 20;

    private PlantReplay() {}

    /** Decodes one stored JPEG into ARGB pixels. */
    public interface JpegDecoder {
        DecodedImage decode(byte[] jpeg, String name);
    }

    /** Encodes one [S, S, 3] photo in [0, 1] as JPEG bytes (host: javax.imageio). */
    public interface JpegEncoder {
        byte[] encode(float[] rgb, int width, int height) throws IOException;
    }

    /**
     * {@code perClass} photos of every GE class, drawn with {@code seed} from the GE's training parts
     * (e.g. the Daphal and tomato train splits), relabelled into {@code geLabels}. Parts whose labels
     * the GE lacks are an error.
     */
    public static Dataset select(List<Dataset> geTrainingParts, List<String> geLabels, int perClass, long seed) {
        List<Example> all = new ArrayList<>();
        int[] shape = null;
        for (Dataset part : geTrainingParts) {
            shape = part.shape();
            for (Example e : part.examples()) {
                int to = geLabels.indexOf(part.labelNames().get(e.label()));
                if (to < 0) throw new IllegalArgumentException("label '" + part.labelNames().get(e.label()) + "' is not a GE label " + geLabels);
                all.add(e.withLabel(to));
            }
        }
        if (shape == null) throw new IllegalArgumentException("no GE training photos to draw a replay sample from");
        Dataset pool = new Dataset(all, geLabels, shape);
        Dataset picked = ReplaySample.select(pool, perClass, seed);
        List<Example> nonEmpty = new ArrayList<>(picked.examples());
        return new Dataset(nonEmpty, geLabels, shape);
    }

    /** Writes {@code sample} as a ZIP of JPEGs (see the class comment). */
    public static void write(Dataset sample, JpegEncoder encoder, OutputStream out) throws IOException {
        int[] shape = sample.shape();
        if (shape.length != 3 || shape[2] != 3) throw new IllegalArgumentException("a plant replay sample holds RGB photos, got shape " + Arrays.toString(shape));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(entry(LABELS_ENTRY));
            zip.write(String.join("\n", sample.labelNames()).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            int[] counter = new int[sample.numClasses()];
            for (Example e : sample.examples()) {
                String name = sample.labelNames().get(e.label()) + "/" + counter[e.label()]++ + ".jpg";
                zip.putNextEntry(entry(name));
                zip.write(encoder.encode(e.features(), shape[1], shape[0]));
                zip.closeEntry();
            }
        }
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(ENTRY_TIME);
        return e;
    }

    /**
     * Reads a sample written by {@link #write}; photos are decoded with {@code decoder} and prepared
     * for a GE of input size {@code size}. {@code origin} names the file in errors.
     */
    public static Dataset read(InputStream in, JpegDecoder decoder, int size, String origin) throws IOException {
        List<String> labels = null;
        Map<String, byte[]> photos = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            byte[] buf = new byte[8192];
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.isDirectory()) continue;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int r; (r = zip.read(buf)) > 0; ) {
                    bytes.write(buf, 0, r);
                    total += r;
                    if (total > MAX_BYTES) throw new IOException(origin + " unpacks to more than " + (MAX_BYTES >> 20) + " MB: not a replay sample");
                }
                if (entry.getName().equals(LABELS_ENTRY)) {
                    labels = Arrays.asList(new String(bytes.toByteArray(), StandardCharsets.UTF_8).split("\n", -1));
                } else {
                    photos.put(entry.getName(), bytes.toByteArray());
                }
            }
        }
        if (labels == null) throw new IOException(origin + " is not a LocalExpert plant replay sample (no " + LABELS_ENTRY + ")");
        if (photos.isEmpty()) throw new IOException(origin + " holds no photos");
        int[] shape = {size, size, 3};
        List<Example> examples = new ArrayList<>(photos.size());
        for (Map.Entry<String, byte[]> p : photos.entrySet()) {
            String name = p.getKey();
            int slash = name.lastIndexOf('/');
            int label = slash > 0 ? labels.indexOf(name.substring(0, slash)) : -1;
            if (label < 0) throw new IOException(origin + ": entry " + name + " is not under a label folder of " + labels);
            DecodedImage img;
            try {
                img = decoder.decode(p.getValue(), origin + "!" + name);
            } catch (DataException e) {
                throw new IOException(origin + ": " + e.getMessage(), e);
            }
            float[] rgb = PhotoPreprocessor.toModelInput(img.argb(), img.width(), img.height(), size);
            examples.add(new Example(rgb, shape, label, origin + "!" + name));
        }
        return new Dataset(examples, labels, shape);
    }
}
