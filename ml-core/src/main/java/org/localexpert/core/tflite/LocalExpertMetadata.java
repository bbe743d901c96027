package org.localexpert.core.tflite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What LocalExpert stores inside every {@code .tflite} it writes, as UTF-8 JSON in the buffer of
 * the model metadata entry named {@value #ENTRY_NAME} (TFLite ignores metadata it does not know,
 * so the file still runs anywhere):
 *
 * <pre>
 * {"format":1, "domain":"plant", "role":"mixture", "model_version":"2026-11-24.1",
 *  "labels":["Healthy","Mosaic",...],
 *  "input":{"mean":[127.5,127.5,127.5], "std":[127.5,127.5,127.5]},
 *  "ge_hash":"sha256-weights:9f2c...",
 *  "provenance":{"data":"sugarcane-daphal train split", "samples":{"Healthy":412,...},
 *                "created":"2026-11-24T10:02:11Z"},
 *  "properties":{"unsure_threshold":"0.62"}}
 * </pre>
 *
 * Input normalization: a pixel channel value p in 0..255 enters the model as (p − mean[c]) / std[c].
 * {@code ge_hash} is {@link GeHash#of} of the global expert the model was trained against (for a GE
 * itself, its own hash): a personal model is refused when it does not match the GE installed now.
 */
public final class LocalExpertMetadata {
    public static final String ENTRY_NAME = "localexpert";
    public static final int FORMAT_VERSION = 1;

    private String domain;
    private String role;
    private String modelVersion;
    private List<String> labels = new ArrayList<>();
    private float[] inputMean = new float[0];
    private float[] inputStd = new float[0];
    private String geHash;
    private String trainingData;
    private Map<String, Integer> sampleCounts = new LinkedHashMap<>();
    private String created;
    private Map<String, String> properties = new LinkedHashMap<>();

    public String domain() { return domain; }
    public LocalExpertMetadata domain(String v) { domain = v; return this; }

    /** "ge", "le", "gn" or "mixture". */
    public String role() { return role; }
    public LocalExpertMetadata role(String v) { role = v; return this; }

    public String modelVersion() { return modelVersion; }
    public LocalExpertMetadata modelVersion(String v) { modelVersion = v; return this; }

    /** Class names in output order. */
    public List<String> labels() { return Collections.unmodifiableList(labels); }
    public LocalExpertMetadata labels(List<String> v) { labels = new ArrayList<>(v); return this; }

    public float[] inputMean() { return inputMean.clone(); }
    public float[] inputStd() { return inputStd.clone(); }

    /** Per-channel normalization: model input = (pixel − mean[c]) / std[c], pixel in 0..255. */
    public LocalExpertMetadata normalization(float[] mean, float[] std) {
        if (mean.length != std.length) throw new IllegalArgumentException("mean and std need one value per channel");
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
        inputMean = mean.clone();
        inputStd = std.clone();
        return this;
    }

    public String geHash() { return geHash; }
    public LocalExpertMetadata geHash(String v) { geHash = v; return this; }

    /** Which data trained the model, in words (data set and split, or "user samples"). */
    public String trainingData() { return trainingData; }
    public LocalExpertMetadata trainingData(String v) { trainingData = v; return this; }

    /** Training samples per label. */
    public Map<String, Integer> sampleCounts() { return Collections.unmodifiableMap(sampleCounts); }
    public LocalExpertMetadata sampleCounts(Map<String, Integer> v) { sampleCounts = new LinkedHashMap<>(v); return this; }

    /** ISO-8601 UTC time the model was made. */
    public String created() { return created; }
    public LocalExpertMetadata created(String v) { created = v; return this; }

    /** Free-form settings other parts agree on (e.g. an abstention threshold). */
    public Map<String, String> properties() { return Collections.unmodifiableMap(properties); }
    public LocalExpertMetadata property(String key, String value) { properties.put(key, value); return this; }

    /** The metadata stored in {@code model}, or null when it has none. */
    public static LocalExpertMetadata read(TfliteModel model) throws TfliteFormatException {
        byte[] bytes = model.metadata(ENTRY_NAME);
        if (bytes == null) return null;
        if (bytes.length > Json.MAX_CHARS) {
            throw new TfliteFormatException("metadata '" + ENTRY_NAME + "': " + bytes.length + " bytes, more than the limit of " + Json.MAX_CHARS);
        }
        return fromJson(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Stores this metadata in {@code model}, replacing what was there. */
    public void writeTo(TfliteModel model) {
        model.putMetadata(ENTRY_NAME, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses a personal model made for another global expert: its LE and GN were trained on that
     * GE's features and gate decisions, so with a different GE its outputs would be meaningless.
     */
    public void requireTrainedAgainst(String installedGeHash) throws IncompatibleModelException {
        if (geHash == null) {
            throw new IncompatibleModelException("the model does not say which global expert it was trained against; retrain it");
        }
        if (!geHash.equals(installedGeHash)) {
            throw new IncompatibleModelException("the model was trained against global expert " + shortHash(geHash)
                    + " but the installed global expert is " + shortHash(installedGeHash)
                    + "; personalize again with the installed one");
        }
    }

    private static String shortHash(String h) {
        return h == null ? "(none)" : h.length() > 30 ? h.substring(0, 30) + "…" : h;
    }

    public String toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT_VERSION);
        put(o, "domain", domain);
        put(o, "role", role);
        put(o, "model_version", modelVersion);
        o.put("labels", new ArrayList<Object>(labels));
        if (inputMean.length > 0) {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("mean", floats(inputMean));
            in.put("std", floats(inputStd));
            o.put("input", in);
        }
        put(o, "ge_hash", geHash);
        Map<String, Object> prov = new LinkedHashMap<>();
        put(prov, "data", trainingData);
        if (!sampleCounts.isEmpty()) prov.put("samples", new LinkedHashMap<String, Object>(sampleCounts));
        put(prov, "created", created);
        if (!prov.isEmpty()) o.put("provenance", prov);
        if (!properties.isEmpty()) o.put("properties", new LinkedHashMap<String, Object>(properties));
        return Json.write(o);
    }

    public static LocalExpertMetadata fromJson(String json) throws TfliteFormatException {
        try {
            Map<?, ?> o = map(Json.parse(json), "metadata");
            Object format = o.get("format");
            if (!(format instanceof Double) || ((Double) format).intValue() != FORMAT_VERSION) {
                throw new IllegalArgumentException("format " + format + ", this version reads format " + FORMAT_VERSION);
            }
            LocalExpertMetadata m = new LocalExpertMetadata();
            m.domain = str(o.get("domain"), "domain");
            m.role = str(o.get("role"), "role");
            m.modelVersion = str(o.get("model_version"), "model_version");
            if (o.get("labels") != null) {
                for (Object l : list(o.get("labels"), "labels")) m.labels.add(str(l, "label"));
            }
            if (o.get("input") != null) {
                Map<?, ?> in = map(o.get("input"), "input");
                m.normalization(floatArray(in.get("mean"), "input.mean"), floatArray(in.get("std"), "input.std"));
            }
            m.geHash = str(o.get("ge_hash"), "ge_hash");
            if (o.get("provenance") != null) {
                Map<?, ?> prov = map(o.get("provenance"), "provenance");
                m.trainingData = str(prov.get("data"), "provenance.data");
                m.created = str(prov.get("created"), "provenance.created");
                if (prov.get("samples") != null) {
                    for (Map.Entry<?, ?> e : map(prov.get("samples"), "provenance.samples").entrySet()) {
                        Object n = e.getValue();
                        if (!(n instanceof Double) || (Double) n < 0 || (Double) n != Math.rint((Double) n)) {
                            throw new IllegalArgumentException("provenance.samples." + e.getKey() + " must be a count");
                        }
                        m.sampleCounts.put((String) e.getKey(), ((Double) n).intValue());
                    }
                }
            }
            if (o.get("properties") != null) {
                for (Map.Entry<?, ?> e : map(o.get("properties"), "properties").entrySet()) {
                    m.properties.put((String) e.getKey(), str(e.getValue(), "properties." + e.getKey()));
                }
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new TfliteFormatException("metadata '" + ENTRY_NAME + "': " + e.getMessage(), e);
        }
    }

    private static void put(Map<String, Object> o, String key, Object v) {
        if (v != null) o.put(key, v);
    }

    private static List<Object> floats(float[] v) {
        List<Object> out = new ArrayList<>();
        for (float f : v) out.add((double) f);
        return out;
    }

    private static Map<?, ?> map(Object v, String what) {
        if (!(v instanceof Map)) throw new IllegalArgumentException(what + " must be an object");
        return (Map<?, ?>) v;
    }

    private static List<?> list(Object v, String what) {
        if (!(v instanceof List)) throw new IllegalArgumentException(what + " must be an array");
        return (List<?>) v;
    }

    private static String str(Object v, String what) {
        if (v == null) return null;
        if (!(v instanceof String)) throw new IllegalArgumentException(what + " must be a string");
        return (String) v;
    }

    private static float[] floatArray(Object v, String what) {
        List<?> l = list(v, what);
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Double)) throw new IllegalArgumentException(what + " must hold numbers");
            out[i] = ((Double) l.get(i)).floatValue();
        }
        return out;
    }
}
