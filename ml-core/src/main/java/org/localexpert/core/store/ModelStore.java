package org.localexpert.core.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A user's personal models for one domain, kept in one directory so that no crash, kill or full
 * disk can leave a partial model active or lose the previous one.
 *
 * <p>Layout: {@code versions/<id>.tflite} (the model), {@code versions/<id>.properties} (its record:
 * checksum, size, time, info — lets the manifest be rebuilt) and {@code manifest.properties} (the
 * installed versions and which one is active, each with its SHA-256; CRC-checked). Every file is
 * written with {@link AtomicFile}; the manifest's rename is the single commit point of every change.
 *
 * <p>{@link #install} verifies the bytes with the {@link ModelVerifier} before anything is written,
 * writes the model and its record, reads the model back and checks its SHA-256, and only then
 * commits a manifest naming it active; old versions beyond {@link Options#keep(int)} are pruned
 * afterwards. A crash before the commit leaves files no manifest names; {@link #open} deletes them.
 * Installing the bytes of the active model again returns it unchanged (a resumed run that had
 * already finished does not create a duplicate version).
 *
 * <p>{@link #open} also recovers: temporaries are removed; a listed version whose file is missing,
 * has the wrong size or fails its SHA-256 is dropped; if that was the active one, the newest valid
 * older version becomes active, else the shipped global expert ({@link #active()} empty). What was
 * repaired is listed in {@link #recoveryNotes()}.
 *
 * <p>Thread-safe (methods are synchronized); one {@code ModelStore} per directory per process.
 */
public final class ModelStore {

    /** Largest model accepted: the shipped mixtures are about 1 MB. */
    public static final long MAX_MODEL_BYTES = 64L << 20;
    static final String MANIFEST = "manifest.properties";
    static final String VERSIONS = "versions";
    private static final String MODEL_SUFFIX = ".tflite";
    private static final String RECORD_SUFFIX = ".properties";
    private static final Pattern ID = Pattern.compile("v([1-9][0-9]{0,17})");
    private static final Pattern INFO_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_INFO_VALUE = 4096;

    /** Settings; defaults: keep 3, no hooks, system clock, no re-verification on open. */
    public static final class Options {
        private int keep = 3;
        private IoHooks hooks = IoHooks.NONE;
        private LongSupplier clock = System::currentTimeMillis;
        private boolean verifyOnOpen;

        /** How many versions to keep for rollback (the active one always stays), at least 1. */
        public Options keep(int versions) {
            if (versions < 1) throw new IllegalArgumentException("keep must be >= 1, got " + versions);
            this.keep = versions;
            return this;
        }

        public Options hooks(IoHooks hooks) {
            if (hooks == null) throw new IllegalArgumentException("hooks must not be null (use IoHooks.NONE)");
            this.hooks = hooks;
            return this;
        }

        /** Source of {@link ModelVersion#createdMillis()}. */
        public Options clock(LongSupplier clock) {
            if (clock == null) throw new IllegalArgumentException("clock must not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Also run the verifier on the active model when opening (e.g. after an app update changed
         * the shipped GE): a rejected active model is replaced by the newest older one that passes.
         */
        public Options verifyOnOpen(boolean verify) {
            this.verifyOnOpen = verify;
            return this;
        }
    }

    private final Path dir;
    private final Path versionsDir;
    private final ModelVerifier verifier;
    private final Options options;
    private final AtomicFile files;
    private final List<String> recoveryNotes = new ArrayList<>();
    /** Why versions were passed over by the last rollback/delete/recovery (for messages and logs). */
    private final List<String> skipped = new ArrayList<>();
    /** Newest first. */
    private List<ModelVersion> versions = new ArrayList<>();
    private String activeId;
    private long nextSequence = 1;

    private ModelStore(Path dir, ModelVerifier verifier, Options options) {
        this.dir = dir.toAbsolutePath();
        this.versionsDir = this.dir.resolve(VERSIONS);
        this.verifier = verifier;
        this.options = options;
        this.files = new AtomicFile(options.hooks);
    }

    /** Opens (creating if needed) the store in {@code dir} with default {@link Options}, recovering as described above. */
    public static ModelStore open(Path dir, ModelVerifier verifier) throws IOException {
        return open(dir, verifier, new Options());
    }

    public static ModelStore open(Path dir, ModelVerifier verifier, Options options) throws IOException {
        if (dir == null || verifier == null || options == null) {
            throw new IllegalArgumentException("dir, verifier and options must not be null");
        }
        ModelStore store = new ModelStore(dir, verifier, options);
        synchronized (store) {
            store.recover();
        }
        return store;
    }

    public Path directory() {
        return dir;
    }

    /** The active personal model; empty = the shipped global expert answers alone. */
    public synchronized Optional<ModelVersion> active() {
        return Optional.ofNullable(find(activeId));
    }

    /** All kept versions, newest first. */
    public synchronized List<ModelVersion> versions() {
        return Collections.unmodifiableList(new ArrayList<>(versions));
    }

    /** What {@link #open} had to repair (empty when the store was clean). */
    public synchronized List<String> recoveryNotes() {
        return Collections.unmodifiableList(new ArrayList<>(recoveryNotes));
    }

    /** Installs a model from memory; see the class comment. */
    public ModelVersion install(byte[] model, Map<String, String> info) throws IOException, ModelRejectedException {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        return doInstall(model.clone(), info);
    }

    /**
     * Installs the model in {@code candidate} (e.g. the trainer's temporary export). The bytes are
     * read once; what is verified is exactly what is stored. {@code candidate} is left in place.
     */
    public ModelVersion install(Path candidate, Map<String, String> info) throws IOException, ModelRejectedException {
        long size;
        try {
            size = Files.size(candidate);
        } catch (NoSuchFileException e) {
            throw new ModelRejectedException("the new model file " + candidate + " does not exist", e);
        }
        if (size > MAX_MODEL_BYTES) {
            throw new ModelRejectedException("the new model is " + size + " bytes, more than the " + MAX_MODEL_BYTES
                    + " a personal model may have", null);
        }
        return doInstall(Files.readAllBytes(candidate), info);
    }

    private synchronized ModelVersion doInstall(byte[] model, Map<String, String> info)
            throws IOException, ModelRejectedException {
        Map<String, String> checkedInfo = checkInfo(info);
        if (model.length == 0) throw new ModelRejectedException("the new model is empty (0 bytes)", null);
        if (model.length > MAX_MODEL_BYTES) {
            throw new ModelRejectedException("the new model is " + model.length + " bytes, more than the "
                    + MAX_MODEL_BYTES + " a personal model may have", null);
        }
        verifyOrReject(model, "the new model");
        String sha = sha256(model);
        ModelVersion current = find(activeId);
        if (current != null && current.sha256().equals(sha) && problemWith(current) == null) {
            // A resumed run that finished before its crash produces the same bytes again: nothing to do.
            return current;
        }
        long sequence = nextSequence;
        String id = "v" + sequence;
        ModelVersion version = new ModelVersion(id, sequence, modelFile(id), options.clock.getAsLong(), model.length,
                sha, checkedInfo);
        boolean committed = false;
        try {
            files.write(version.file(), model);
            files.write(recordFile(id), CheckedProperties.toBytes(record(version, "")));
            // Read back what the disk holds: what becomes active must be what was verified.
            if (!sha256(Files.readAllBytes(version.file())).equals(version.sha256())) {
                throw new IOException("the model file " + version.file() + " reads back differently from what was written");
            }
            List<ModelVersion> next = new ArrayList<>(versions);
            next.add(0, version);
            commit(next, id, sequence + 1);
            committed = true;
        } catch (IOException e) {
            throw new IOException("could not save the new model, the previous one stays active: " + e.getMessage(), e);
        } finally {
            if (!committed) deleteVersionFilesQuietly(id);
        }
        try {
            prune();
        } catch (IOException e) {
            // The install is committed; unpruned versions only cost space and are pruned by the next install.
        }
        return version;
    }

    /**
     * Makes the newest valid version older than the active one active (or, with none left, the
     * shipped GE); returns the new active version. With no personal model active, does nothing.
     */
    public synchronized Optional<ModelVersion> rollback() throws IOException {
        ModelVersion current = find(activeId);
        if (current == null) return Optional.empty();
        skipped.clear();
        ModelVersion previous = newestUsableOlderThan(current.sequence(), true);
        commit(versions, previous == null ? "" : previous.id(), nextSequence);
        return Optional.ofNullable(previous);
    }

    /** Makes version {@code id} active after checking its file and running the verifier on it. */
    public synchronized ModelVersion activate(String id) throws IOException, ModelRejectedException {
        ModelVersion v = find(id);
        if (v == null) throw new IllegalArgumentException("no model version '" + id + "' in " + dir + "; have " + ids());
        byte[] bytes = read(v);
        verifyOrReject(bytes, "model " + id);
        commit(versions, id, nextSequence);
        return v;
    }

    /** Makes the shipped global expert answer alone; the personal versions stay for a later {@link #activate}. */
    public synchronized void activateShipped() throws IOException {
        commit(versions, "", nextSequence);
    }

    /**
     * Deletes one version. Deleting the active one first activates the newest valid older version
     * (or the shipped GE), exactly as {@link #rollback()} would.
     */
    public synchronized void delete(String id) throws IOException {
        ModelVersion v = find(id);
        if (v == null) throw new IllegalArgumentException("no model version '" + id + "' in " + dir + "; have " + ids());
        String active = activeId;
        if (id.equals(activeId)) {
            ModelVersion previous = newestUsableOlderThan(v.sequence(), true);
            active = previous == null ? "" : previous.id();
        }
        List<ModelVersion> next = new ArrayList<>(versions);
        next.remove(v);
        commit(next, active, nextSequence);
        deleteVersionFiles(id);
    }

    /** Removes every personal model and the store's own files: afterwards the directory holds nothing. */
    public synchronized void deleteAll() throws IOException {
        // Commit "no versions" first, so a crash part-way leaves files that no manifest names (deleted on open).
        commit(new ArrayList<>(), "", nextSequence);
        files.cleanTemps(versionsDir);
        files.cleanTemps(dir);
        if (Files.isDirectory(versionsDir)) {
            try (DirectoryStream<Path> all = Files.newDirectoryStream(versionsDir)) {
                for (Path f : all) files.delete(f);
            }
            files.delete(versionsDir);
        }
        files.delete(dir.resolve(MANIFEST));
        files.syncDirectory(dir);
        nextSequence = 1;
    }

    /** The version's bytes, after checking size and SHA-256; a damaged file throws {@link IOException} naming it. */
    public byte[] read(ModelVersion version) throws IOException {
        long size = Files.size(version.file());
        if (size != version.sizeBytes()) {
            throw new IOException("model " + version.id() + " is damaged: " + size + " bytes instead of " + version.sizeBytes());
        }
        byte[] bytes = Files.readAllBytes(version.file());
        if (!sha256(bytes).equals(version.sha256())) {
            throw new IOException("model " + version.id() + " is damaged: its SHA-256 does not match the one recorded at install");
        }
        return bytes;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        Files.createDirectories(versionsDir);
        int temps = files.cleanTemps(dir) + files.cleanTemps(versionsDir);
        if (temps > 0) recoveryNotes.add("removed " + temps + " temporary file(s) left by an interrupted write");
        Path manifest = dir.resolve(MANIFEST);
        List<ModelVersion> listed = new ArrayList<>();
        String active = "";
        long next = 1;
        boolean rewrite = false;
        if (Files.exists(manifest)) {
            try {
                Map<String, String> m = CheckedProperties.read(manifest);
                active = m.getOrDefault("active", "");
                next = parseLong(m.getOrDefault("next", "1"), manifest);
                for (String id : split(m.getOrDefault("versions", ""))) listed.add(fromRecord(id, m, id + ".", manifest));
            } catch (IOException | RuntimeException e) {
                recoveryNotes.add("the manifest was unreadable (" + e.getMessage() + "); rebuilt from the version records");
                listed = rebuildFromRecords();
                active = listed.isEmpty() ? "" : listed.get(0).id();
                rewrite = true;
            }
        }
        // Keep only versions whose file is intact.
        List<ModelVersion> valid = new ArrayList<>();
        for (ModelVersion v : listed) {
            String problem = problemWith(v);
            if (problem == null) {
                valid.add(v);
            } else {
                recoveryNotes.add("dropped model " + v.id() + ": " + problem);
                rewrite = true;
            }
            next = Math.max(next, v.sequence() + 1);
        }
        valid.sort(Comparator.comparingLong(ModelVersion::sequence).reversed());
        this.versions = valid;
        this.nextSequence = next;
        this.activeId = "";
        if (!active.isEmpty()) {
            ModelVersion a = find(active);
            if (a != null && (!options.verifyOnOpen || passes(a))) {
                activeId = active;
            } else {
                long below = a != null ? a.sequence() : sequenceOf(active);
                ModelVersion fallback = newestUsableOlderThan(below, options.verifyOnOpen);
                activeId = fallback == null ? "" : fallback.id();
                recoveryNotes.add("active model " + active + (a == null ? " was damaged or missing" : " no longer passes verification")
                        + "; now active: " + (fallback == null ? "the shipped global expert" : fallback.id()));
                rewrite = true;
            }
        }
        // Files no manifest names: an install that crashed before its commit, or a delete after it.
        try (DirectoryStream<Path> all = Files.newDirectoryStream(versionsDir)) {
            for (Path f : all) {
                String name = f.getFileName().toString();
                String id = name.endsWith(MODEL_SUFFIX) ? name.substring(0, name.length() - MODEL_SUFFIX.length())
                        : name.endsWith(RECORD_SUFFIX) ? name.substring(0, name.length() - RECORD_SUFFIX.length()) : null;
                if (id != null && find(id) != null) continue;
                if (id != null && ID.matcher(id).matches()) nextSequence = Math.max(nextSequence, sequenceOf(id) + 1);
                files.delete(f);
                recoveryNotes.add("removed " + name + ", which no committed install names");
            }
        }
        if (rewrite) commit(versions, activeId, nextSequence);
        recoveryNotes.addAll(skipped);
        skipped.clear();
    }

    private List<ModelVersion> rebuildFromRecords() throws IOException {
        List<ModelVersion> out = new ArrayList<>();
        try (DirectoryStream<Path> records = Files.newDirectoryStream(versionsDir, "*" + RECORD_SUFFIX)) {
            for (Path r : records) {
                String name = r.getFileName().toString();
                String id = name.substring(0, name.length() - RECORD_SUFFIX.length());
                if (!ID.matcher(id).matches()) continue;
                try {
                    out.add(fromRecord(id, CheckedProperties.read(r), "", r));
                } catch (IOException | RuntimeException e) {
                    recoveryNotes.add("ignored the record of " + id + ": " + e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparingLong(ModelVersion::sequence).reversed());
        return out;
    }

    private boolean passes(ModelVersion v) {
        try {
            verifier.verify(read(v));
            return true;
        } catch (Exception e) {
            skipped.add("model " + v.id() + " fails verification: " + e.getMessage());
            return false;
        }
    }

    private String problemWith(ModelVersion v) {
        if (!Files.isRegularFile(v.file())) return "its file is missing";
        try {
            read(v);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Newest version older than {@code sequence} whose file is intact and, if {@code verify}, that
     * passes the verifier (rollback and delete always verify; open only with {@link Options#verifyOnOpen}).
     */
    private ModelVersion newestUsableOlderThan(long sequence, boolean verify) {
        for (ModelVersion v : versions) {
            if (v.sequence() >= sequence) continue;
            if (problemWith(v) != null) continue;
            if (verify && !passes(v)) continue;
            return v;
        }
        return null;
    }

    private void verifyOrReject(byte[] model, String what) throws ModelRejectedException {
        try {
            verifier.verify(model);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ModelRejectedException(what + " was rejected: " + reason, e);
        }
    }

    /** The single commit point: atomically replaces the manifest, then updates the in-memory view. */
    private void commit(List<ModelVersion> newVersions, String newActive, long next) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "1");
        m.put("active", newActive);
        m.put("next", Long.toString(next));
        StringBuilder ids = new StringBuilder();
        for (ModelVersion v : newVersions) {
            if (ids.length() > 0) ids.append(',');
            ids.append(v.id());
            m.putAll(record(v, v.id() + "."));
        }
        m.put("versions", ids.toString());
        files.write(dir.resolve(MANIFEST), CheckedProperties.toBytes(m));
        List<ModelVersion> sorted = new ArrayList<>(newVersions);
        sorted.sort(Comparator.comparingLong(ModelVersion::sequence).reversed());
        this.versions = sorted;
        this.activeId = newActive;
        this.nextSequence = next;
    }

    /** Drops the oldest versions beyond {@code keep}, never the active one. Failure here costs nothing but space. */
    private void prune() throws IOException {
        List<ModelVersion> keep = new ArrayList<>();
        List<ModelVersion> drop = new ArrayList<>();
        for (ModelVersion v : versions) {
            if (v.id().equals(activeId) || keep.size() < options.keep) keep.add(v);
            else drop.add(v);
        }
        if (drop.isEmpty()) return;
        commit(keep, activeId, nextSequence);
        for (ModelVersion v : drop) deleteVersionFiles(v.id());
    }

    private void deleteVersionFiles(String id) throws IOException {
        files.delete(recordFile(id));
        files.delete(modelFile(id));
    }

    private void deleteVersionFilesQuietly(String id) {
        try {
            deleteVersionFiles(id);
        } catch (IOException | RuntimeException | FileSystemFaults.SimulatedCrash ignored) {
            // Unnamed by any manifest, so the next open removes them.
        }
    }

    private static Map<String, String> record(ModelVersion v, String prefix) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(prefix + "sha256", v.sha256());
        r.put(prefix + "size", Long.toString(v.sizeBytes()));
        r.put(prefix + "created", Long.toString(v.createdMillis()));
        for (Map.Entry<String, String> e : v.info().entrySet()) r.put(prefix + "info." + e.getKey(), e.getValue());
        return r;
    }

    private ModelVersion fromRecord(String id, Map<String, String> m, String prefix, Path origin) throws IOException {
        if (!ID.matcher(id).matches()) throw new IOException(origin + " names a version '" + id + "' that is not a version id");
        String sha = m.get(prefix + "sha256");
        String size = m.get(prefix + "size");
        String created = m.get(prefix + "created");
        if (sha == null || size == null || created == null) throw new IOException(origin + " lacks the record of " + id);
        Map<String, String> info = new TreeMap<>();
        String infoPrefix = prefix + "info.";
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().startsWith(infoPrefix)) info.put(e.getKey().substring(infoPrefix.length()), e.getValue());
        }
        return new ModelVersion(id, sequenceOf(id), modelFile(id), parseLong(created, origin), parseLong(size, origin), sha, info);
    }

    private static Map<String, String> checkInfo(Map<String, String> info) {
        Map<String, String> out = new TreeMap<>();
        if (info == null) return out;
        for (Map.Entry<String, String> e : info.entrySet()) {
            String k = e.getKey();
            if (k == null || !INFO_KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("info key '" + k + "' must be 1-64 characters of A-Z a-z 0-9 _ . -");
            }
            String v = e.getValue() == null ? "" : e.getValue();
            if (v.length() > MAX_INFO_VALUE) {
                throw new IllegalArgumentException("info value for '" + k + "' is " + v.length() + " characters, more than " + MAX_INFO_VALUE);
            }
            out.put(k, v);
        }
        return out;
    }

    private ModelVersion find(String id) {
        if (id == null || id.isEmpty()) return null;
        for (ModelVersion v : versions) if (v.id().equals(id)) return v;
        return null;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (ModelVersion v : versions) ids.add(v.id());
        return ids;
    }

    private Path modelFile(String id) {
        return versionsDir.resolve(id + MODEL_SUFFIX);
    }

    private Path recordFile(String id) {
        return versionsDir.resolve(id + RECORD_SUFFIX);
    }

    private static long sequenceOf(String id) {
        java.util.regex.Matcher m = ID.matcher(id);
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    private static long parseLong(String s, Path origin) throws IOException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException(origin + " holds '" + s + "' where a number belongs");
        }
    }

    private static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    static String sha256(byte[] bytes) {
        return org.localexpert.core.data.Sha256.hex(bytes);
    }
}
