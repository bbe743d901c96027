package org.localexpert.app.fake;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInstaller;
import org.localexpert.app.data.ModelMetrics;
import org.localexpert.app.data.PersonalModelVerifier;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.store.ModelRejectedException;
import org.localexpert.core.store.ModelStore;
import org.localexpert.core.store.ModelVersion;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs into ml-core's real {@link ModelStore} (a folder per domain, the app's verifier: a model that does not
 * fit the shipped GE is refused) without the app's Room rows; remembers every install, and can be told to fail.
 */
public class FakeModelInstaller implements ModelInstaller {
    /** One install: the run, the bytes and the metrics it came with. */
    public static final class Install {
        public final String domain;
        public final long runId;
        public final byte[] model;
        public final ModelMetrics metrics;

        Install(String domain, long runId, byte[] model, ModelMetrics metrics) {
            this.domain = domain;
            this.runId = runId;
            this.model = model;
            this.metrics = metrics;
        }
    }

    private final File dir;
    private final ShippedModels shipped;
    private final Map<String, ModelStore> stores = new HashMap<>();
    private final List<Install> installs = new ArrayList<>();
    /** When set, the next installs throw this instead of installing. */
    public volatile IOException failWith;

    public FakeModelInstaller(File dir, ShippedModels shipped) {
        this.dir = dir;
        this.shipped = shipped;
    }

    public synchronized ModelStore store(String domain) throws IOException {
        ModelStore s = stores.get(Domain.check(domain));
        if (s == null) {
            s = ModelStore.open(new File(dir, domain).toPath(), new PersonalModelVerifier(domain, shipped));
            stores.put(domain, s);
        }
        return s;
    }

    @Override
    public synchronized ModelVersion install(String domain, byte[] model, ModelMetrics metrics, long runId)
            throws IOException, ModelRejectedException {
        if (failWith != null) throw failWith;
        Map<String, String> info = new HashMap<>();
        info.put("run", Long.toString(runId));
        ModelVersion v = store(domain).install(model, info);
        installs.add(new Install(domain, runId, model.clone(), metrics));
        return v;
    }

    @Override
    public synchronized ModelVersion installedBy(String domain, long runId) {
        try {
            for (ModelVersion v : store(domain).versions()) {
                if (Long.toString(runId).equals(v.info().get("run"))) return v;
            }
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public synchronized List<Install> installs() {
        return Collections.unmodifiableList(new ArrayList<>(installs));
    }
}
