package org.localexpert.app.data;

import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.app.data.local.PersonalModelEntity;
import org.localexpert.core.store.IoHooks;
import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.store.ModelStore;
import org.localexpert.core.store.ModelVersion;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Personal models on {@link ModelStore} (one store per domain under files/models/&lt;domain&gt;: verified before
 * install, atomic swap by the manifest's rename, previous versions kept, recovery after a crash). The
 * personal_models table mirrors the store and carries the metrics; it is re-synchronised from the store after
 * every change and when a store is opened, so the two never disagree for long and the store always wins.
 */
public final class StoreModelRepository implements ModelRepository, ModelInstaller {
    /** Store info keys. */
    public static final String INFO_METRICS = "metrics", INFO_GE_HASH = "ge_hash", INFO_RUN = "run";
    /** Versions kept for rollback. */
    public static final int KEEP = 3;

    private final LocalExpertDatabase db;
    private final AppFiles files;
    private final ShippedModels shipped;
    private final IoHooks hooks;
    private final Map<String, ModelStore> stores = new HashMap<>();

    public StoreModelRepository(LocalExpertDatabase db, AppFiles files, ShippedModels shipped, IoHooks hooks) {
        this.db = db;
        this.files = files;
        this.shipped = shipped;
        this.hooks = hooks;
    }

    /** The store of a domain, opened (and recovered, re-verifying the active model) on first use. */
    public synchronized ModelStore store(String domain) {
        ModelStore s = stores.get(Domain.check(domain));
        if (s == null) {
            try {
                s = ModelStore.open(files.models(domain).toPath(), new PersonalModelVerifier(domain, shipped),
                        new ModelStore.Options().keep(KEEP).hooks(hooks).verifyOnOpen(true));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the " + domain + " model store: " + e.getMessage(), e);
            }
            stores.put(domain, s);
            syncRows(domain, s);
        }
        return s;
    }

    @Override
    public ModelInfo active(String domain) {
        ModelStore s = store(domain);
        Optional<ModelVersion> v = s.active();
        return v.isPresent() ? info(domain, v.get(), true) : shippedInfo(domain, true);
    }

    /** Something that changes whenever the active model of the domain changes (the predictor reloads on it). */
    public String activeKey(String domain) {
        Optional<ModelVersion> v = store(domain).active();
        return v.isPresent() ? v.get().id() + ":" + v.get().sha256() : "shipped:" + shipped.sha256(domain);
    }

    /** The models shipped in the APK (the GE and its replay features the "unsure" rule compares inputs with). */
    public ShippedModels shipped() {
        return shipped;
    }

    /** The active model's bytes, checked against the SHA-256 recorded at install (the shipped GE when none). */
    public byte[] activeBytes(String domain) throws IOException {
        ModelStore s = store(domain);
        Optional<ModelVersion> v = s.active();
        return v.isPresent() ? s.read(v.get()) : shipped.geBytes(domain);
    }

    @Override
    public List<ModelInfo> history(String domain) {
        ModelStore s = store(domain);
        String active = s.active().map(ModelVersion::id).orElse(null);
        List<ModelInfo> out = new ArrayList<>();
        for (ModelVersion v : s.versions()) out.add(info(domain, v, v.id().equals(active)));
        out.add(shippedInfo(domain, active == null));
        return out;
    }

    @Override
    public void rollback(String domain) {
        ModelStore s = store(domain);
        try {
            s.rollback();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not switch back to the previous model: " + e.getMessage(), e);
        }
        syncRows(domain, s);
    }

    @Override
    public void exportActive(String domain, OutputStream out) throws IOException {
        out.write(activeBytes(domain));
        out.flush();
    }

    /**
     * Verifies and installs a new personal model; it becomes active only once verified and written (see
     * {@link ModelStore#install}). Throws ModelRejectedException with the reason when verification fails.
     */
    @Override
    public ModelVersion install(String domain, byte[] model, ModelMetrics metrics, long runId) throws IOException, ModelRejectedException {
        ModelStore s = store(domain);
        Map<String, String> info = new HashMap<>();
        info.put(INFO_METRICS, metrics.toJson());
        info.put(INFO_GE_HASH, shipped.geHash(domain));
        info.put(INFO_RUN, Long.toString(runId));
        try {
            return s.install(model, info);
        } finally {
            syncRows(domain, s);
        }
    }

    /** The version a training run installed, if the store holds it (a resumed run must not install twice). */
    @Override
    public ModelVersion installedBy(String domain, long runId) {
        for (ModelVersion v : store(domain).versions()) {
            if (Long.toString(runId).equals(v.info().get(INFO_RUN))) return v;
        }
        return null;
    }

    /** Removes every personal model of every domain (files and rows). */
    public synchronized void deleteAll() throws IOException {
        for (String domain : Domain.ALL) {
            store(domain).deleteAll();
            stores.remove(domain);
        }
        db.personalModels().deleteAll();
    }

    /** Forgets the opened stores (tests: a "restarted process" opens and recovers them afresh). */
    public synchronized void forgetStores() {
        stores.clear();
    }

    private void syncRows(String domain, ModelStore s) {
        String active = s.active().map(ModelVersion::id).orElse("");
        db.runInTransaction(() -> {
            Set<String> kept = new HashSet<>();
            for (ModelVersion v : s.versions()) {
                kept.add(v.id());
                PersonalModelEntity e = db.personalModels().find(domain, v.id());
                if (e == null) e = new PersonalModelEntity();
                e.domain = domain;
                e.version = v.id();
                e.file = files.relative(v.file().toFile());
                e.geHash = v.info().getOrDefault(INFO_GE_HASH, "");
                e.created = v.createdMillis();
                e.metrics = v.info().getOrDefault(INFO_METRICS, "{}");
                e.active = v.id().equals(active);
                e.sha256 = v.sha256();
                db.personalModels().upsert(e);
            }
            for (PersonalModelEntity e : db.personalModels().byDomain(domain)) {
                if (!kept.contains(e.version)) db.personalModels().delete(domain, e.version);
            }
        });
    }

    private ModelInfo info(String domain, ModelVersion v, boolean active) {
        ModelInfo m = new ModelInfo();
        m.domain = domain;
        m.version = v.id();
        m.created = v.createdMillis();
        m.personal = true;
        m.file = v.file().toFile();
        ModelMetrics metrics = ModelMetrics.fromJson(v.info().get(INFO_METRICS));
        m.accuracyBefore = metrics.before;
        m.accuracyAfter = metrics.after;
        m.perClass.putAll(metrics.perClass);
        m.active = active;
        return m;
    }

    private ModelInfo shippedInfo(String domain, boolean active) {
        ModelInfo m = new ModelInfo();
        m.domain = domain;
        m.version = "shipped";
        m.created = 0;
        m.personal = false;
        m.file = null;
        m.active = active;
        return m;
    }

    /** Where the store keeps a domain's models (for tests and delete-all). */
    public File directory(String domain) {
        return files.models(domain);
    }
}
