package org.localexpert.app.fake;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.ModelRepository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory model history: the shipped GE plus whatever {@link #addPersonal} installed. */
public class FakeModelRepository implements ModelRepository {
    private final Map<String, List<ModelInfo>> personal = new LinkedHashMap<>();

    public static ModelInfo shipped(String domain) {
        ModelInfo m = new ModelInfo();
        m.domain = domain;
        m.version = "shipped";
        m.personal = false;
        m.active = true;
        return m;
    }

    /** Installs a personal model (becomes active) with the given held-out accuracies. */
    public synchronized ModelInfo addPersonal(String domain, float before, float after, Map<String, float[]> perClass) {
        List<ModelInfo> list = personal.computeIfAbsent(domain, k -> new ArrayList<>());
        for (ModelInfo m : list) m.active = false;
        ModelInfo m = new ModelInfo();
        m.domain = domain;
        m.version = "v" + (list.size() + 1);
        m.created = System.currentTimeMillis();
        m.personal = true;
        m.accuracyBefore = before;
        m.accuracyAfter = after;
        if (perClass != null) m.perClass.putAll(perClass);
        m.active = true;
        list.add(0, m);
        return m;
    }

    @Override
    public synchronized ModelInfo active(String domain) {
        Domain.check(domain);
        for (ModelInfo m : personal.getOrDefault(domain, new ArrayList<>())) if (m.active) return m;
        return shipped(domain);
    }

    @Override
    public synchronized List<ModelInfo> history(String domain) {
        List<ModelInfo> out = new ArrayList<>(personal.getOrDefault(domain, new ArrayList<>()));
        ModelInfo ge = shipped(domain);
        ge.active = active(domain) .personal ? false : true;
        out.add(ge);
        return out;
    }

    @Override
    public synchronized void rollback(String domain) {
        List<ModelInfo> list = personal.getOrDefault(domain, new ArrayList<>());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).active) {
                list.get(i).active = false;
                if (i + 1 < list.size()) list.get(i + 1).active = true;
                return;
            }
        }
    }

    /** The bytes {@link #activeBytes} returns (tests may set a real .tflite, e.g. the shipped GE asset). */
    public volatile byte[] modelBytes = new byte[0];

    @Override
    public byte[] activeBytes(String domain) {
        return modelBytes.clone();
    }

    @Override
    public synchronized void exportActive(String domain, OutputStream out) throws IOException {
        out.write(("fake model " + active(domain)).getBytes(StandardCharsets.UTF_8));
    }

    public synchronized void clear() {
        personal.clear();
    }
}
