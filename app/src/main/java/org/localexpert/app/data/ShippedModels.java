package org.localexpert.app.data;

import android.content.res.AssetManager;

import org.localexpert.core.model.Model;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.predict.GoldenSet;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The global experts shipped inside the APK as assets ({@code models/<domain>/<domain>-ge.tflite},
 * {@code labels.txt}, optionally {@code replay-features.bin}). Read once per process and kept: the bytes, the labels,
 * the GE hash personal models are checked against, and the parsed GE for training.
 */
public final class ShippedModels {
    /** Where the assets come from (the APK's AssetManager; tests may read a folder). */
    public interface Assets {
        /** Opens an asset; FileNotFoundException when it does not exist. */
        InputStream open(String path) throws IOException;
    }

    public static Assets of(AssetManager assets) {
        return assets::open;
    }

    private final Assets assets;
    /**
     * Parsed GEs, shared by every instance in the process (the APK's assets cannot change while it runs), keyed by
     * the domain and the file's SHA-256 so that instances over other asset sources (tests) never mix.
     */
    private static final Map<String, Shipped> PARSED = new HashMap<>();
    private final Map<String, Shipped> cache = new HashMap<>();

    public ShippedModels(Assets assets) {
        this.assets = assets;
    }

    /** Asset path of a domain's GE. */
    public static String gePath(String domain) {
        return "models/" + Domain.check(domain) + "/" + domain + "-ge.tflite";
    }

    /** The GE's file bytes (a copy). */
    public byte[] geBytes(String domain) {
        return get(domain).bytes.clone();
    }

    /** The GE's class labels (from its metadata, else labels.txt). */
    public List<String> labels(String domain) {
        return get(domain).labels;
    }

    /** GeHash of the shipped GE: what every personal model of the domain must have been trained against. */
    public String geHash(String domain) {
        return get(domain).geHash;
    }

    /** A stable key for the shipped model's content (changes when an app update ships another GE). */
    public String sha256(String domain) {
        return get(domain).sha256;
    }

    /** The GE parsed for training (its own copy of the graph; frozen). */
    public GlobalExpert globalExpert(String domain) {
        Shipped s = get(domain);
        try {
            Model m = ModelImporter.toModel(s.tflite);
            return GlobalExpert.of(m, s.labels);
        } catch (IncompatibleModelException e) {
            throw new IllegalStateException("the shipped " + domain + " model cannot run on the Java engine: " + e.getMessage(), e);
        }
    }

    /** The bytes of the generic replay sample shipped for the domain (the GE's features of it, {@code replay-features.bin}), or null when the APK has none. */
    public byte[] replayBytes(String domain) {
        String path = replayPath(domain);
        try (InputStream in = assets.open(path)) {
            return readAll(in);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped replay sample " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The golden inputs shipped for {@code domain} ({@link GoldenSet#FILE_NAME}: the GPU-vs-CPU check's), prepared for a
     * model of input shape {@code inputShape} [H, W, C]; empty when the APK has none or the domain is unknown.
     */
    public List<float[]> goldenInputs(String domain, int[] inputShape) {
        org.localexpert.core.moe.Domain d = org.localexpert.core.moe.Domain.named(domain);
        if (d == null) return Collections.emptyList();
        String path = "models/" + d.id() + "/" + GoldenSet.FILE_NAME;
        try (InputStream in = assets.open(path)) {
            List<float[]> inputs = new ArrayList<>();
            for (org.localexpert.core.data.Example e : d.readReplay(in, AndroidImageDecoder::decodeBytes, inputShape, path).examples()) {
                inputs.add(e.features());
            }
            return inputs;
        } catch (FileNotFoundException e) {
            return Collections.emptyList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped golden inputs " + path + ": " + e.getMessage(), e);
        }
    }

    public static String replayPath(String domain) {
        return "models/" + Domain.check(domain) + "/" + org.localexpert.core.moe.ReplayFeatures.FILE_NAME;
    }

    private synchronized Shipped get(String domain) {
        Shipped s = cache.get(Domain.check(domain));
        if (s == null) {
            s = load(domain);
            cache.put(domain, s);
        }
        return s;
    }

    private Shipped load(String domain) {
        String path = gePath(domain);
        try {
            byte[] bytes;
            try (InputStream in = assets.open(path)) {
                bytes = readAll(in);
            }
            String sha = Sha256.hex(bytes);
            synchronized (PARSED) {
                Shipped known = PARSED.get(domain + ":" + sha);
                if (known != null) return known;
            }
            TfliteModel t = TfliteReader.read(bytes);
            LocalExpertMetadata meta = LocalExpertMetadata.read(t);
            List<String> labels = meta != null && !meta.labels().isEmpty() ? meta.labels() : labelsTxt(domain);
            Shipped parsed = new Shipped(bytes, t, Collections.unmodifiableList(new ArrayList<>(labels)), GeHash.of(t), sha);
            synchronized (PARSED) {
                PARSED.put(domain + ":" + sha, parsed);
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("the app's " + domain + " model (asset " + path + ") cannot be read: " + e.getMessage(), e);
        } catch (TfliteFormatException e) {
            throw new IllegalStateException("the app's " + domain + " model (asset " + path + ") is damaged: " + e.getMessage(), e);
        }
    }

    private List<String> labelsTxt(String domain) throws IOException {
        try (InputStream in = assets.open("models/" + domain + "/labels.txt")) {
            List<String> out = new ArrayList<>();
            for (String line : new String(readAll(in), StandardCharsets.UTF_8).split("\n")) {
                if (!line.trim().isEmpty()) out.add(line.trim());
            }
            return out;
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int r; (r = in.read(buf)) > 0; ) out.write(buf, 0, r);
        return out.toByteArray();
    }

    private static final class Shipped {
        final byte[] bytes;
        final TfliteModel tflite;
        final List<String> labels;
        final String geHash;
        final String sha256;

        Shipped(byte[] bytes, TfliteModel tflite, List<String> labels, String geHash, String sha256) {
            this.bytes = bytes;
            this.tflite = tflite;
            this.labels = labels;
            this.geHash = geHash;
            this.sha256 = sha256;
        }
    }
}
