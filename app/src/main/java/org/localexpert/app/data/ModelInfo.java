package org.localexpert.app.data;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/** One model a domain can run: the shipped global expert or one of the user's personal mixtures. */
public final class ModelInfo {
    public String domain;
    /** "shipped" for the GE, else the personal model's version name (e.g. "v3"). */
    public String version;
    /** Milliseconds since the epoch; 0 for the shipped GE. */
    public long created;
    public boolean personal;
    /** The personal model's .tflite; null for the shipped GE, which lives inside the APK (ModelRepository.activeBytes reads either). */
    public File file;
    /** Accuracy on the user's held-out samples before (GE) and after (this model); NaN for the shipped GE. */
    public float accuracyBefore = Float.NaN;
    public float accuracyAfter = Float.NaN;
    /** Label -> {before, after} held-out accuracy (NaN where a class had no held-out sample). */
    public Map<String, float[]> perClass = new LinkedHashMap<>();
    /** Whether this version is the one predictions use. */
    public boolean active;

    @Override
    public String toString() {
        return domain + " " + version + (personal ? " (personal)" : " (shipped)") + (active ? " active" : "");
    }
}
