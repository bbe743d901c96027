package org.localexpert.core.store;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored personal model: immutable facts recorded when it was installed. */
public final class ModelVersion {
    private final String id;
    private final long sequence;
    private final Path file;
    private final long createdMillis;
    private final long sizeBytes;
    private final String sha256;
    private final Map<String, String> info;

    ModelVersion(String id, long sequence, Path file, long createdMillis, long sizeBytes, String sha256,
                 Map<String, String> info) {
        this.id = id;
        this.sequence = sequence;
        this.file = file;
        this.createdMillis = createdMillis;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** "v" + a number that only grows within one store; never reused, even after deletes. */
    public String id() {
        return id;
    }

    /** The number in the id: larger = installed later. */
    public long sequence() {
        return sequence;
    }

    /**
     * The model file. Prefer {@link ModelStore#read(ModelVersion)}, which checks the checksum; hand
     * this path to an interpreter only right after such a check.
     */
    public Path file() {
        return file;
    }

    /** Install time, milliseconds since the epoch (the store's clock). */
    public long createdMillis() {
        return createdMillis;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** Lower-case hex SHA-256 of the model file. */
    public String sha256() {
        return sha256;
    }

    /** What the caller passed to install (accuracy, GE hash, sample counts, ...). */
    public Map<String, String> info() {
        return info;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelVersion && ((ModelVersion) o).id.equals(id) && ((ModelVersion) o).sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id + " (" + sizeBytes + " bytes, created " + createdMillis + ", sha256 " + sha256.substring(0, 12) + "...)";
    }
}
