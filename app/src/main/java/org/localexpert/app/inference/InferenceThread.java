package org.localexpert.app.inference;

import android.os.Handler;
import android.os.Looper;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.StoreModelRepository;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.predict.Prediction;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.TfliteReader;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The production {@link Predictor}: ONE dedicated thread creates, owns and runs every engine (TFLite interpreters
 * must stay on the thread that made them, and one thread means no locking). Before each prediction it checks
 * whether the domain's active model changed (training installed one, the user rolled back) and reloads it.
 */
public final class InferenceThread implements Predictor, AutoCloseable {
    private final StoreModelRepository models;
    private final EngineFactory engines;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "inference");
        t.setDaemon(true);
        return t;
    });
    private final Handler main = new Handler(Looper.getMainLooper());
    /** Only touched on the inference thread. */
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final Map<String, String> backends = new HashMap<>();

    public InferenceThread(StoreModelRepository models, EngineFactory engines) {
        this.models = models;
        this.engines = engines;
    }

    @Override
    public void predict(String domain, float[] input, Consumer<Prediction> onResult, Consumer<Exception> onError) {
        Domain.check(domain);
        thread.submit(() -> {
            try {
                Prediction p = classify(domain, input);
                main.post(() -> onResult.accept(p));
            } catch (Exception e) {
                main.post(() -> onError.accept(e));
            } catch (OutOfMemoryError | LinkageError e) {
                // Not an Exception, but the screen still waits for an answer: say what happened instead of
                // leaving its spinner turning. The model is dropped so the next try loads it afresh.
                drop(domain);
                Exception why = new Exception(e instanceof OutOfMemoryError
                        ? "the phone ran out of memory while running the model; close other apps and try again"
                        : "the model engine could not be loaded on this phone: " + e.getMessage(), e);
                main.post(() -> onError.accept(why));
            }
        });
    }

    /** Classifies on the inference thread and waits (background callers, tests). */
    public Prediction predictNow(String domain, float[] input) throws Exception {
        return thread.submit(() -> classify(domain, input)).get();
    }

    /** On the inference thread. The backend is noted after the run: an engine may fall back at its first run (FallbackEngine). */
    private Prediction classify(String domain, float[] input) throws Exception {
        Classifier c = classifier(domain);
        try {
            return c.classify(input);
        } finally {
            synchronized (backends) {
                backends.put(domain, c.backend());
            }
        }
    }

    @Override
    public String backend(String domain) {
        synchronized (backends) {
            String b = backends.get(domain);
            return b != null ? b : "not loaded yet";
        }
    }

    /** Forgets the domain's loaded model (on the inference thread). */
    private void drop(String domain) {
        Loaded l = loaded.remove(domain);
        if (l == null) return;
        try {
            l.close();
        } catch (RuntimeException | LinkageError ignored) {
            // already failing: the error reported is the one that matters
        }
    }

    private Classifier classifier(String domain) throws Exception {
        String key = models.activeKey(domain);
        Loaded l = loaded.get(domain);
        if (l != null && l.key.equals(key)) return l.classifier;
        if (l != null) l.close();
        loaded.remove(domain);
        byte[] bytes = models.activeBytes(domain);
        LocalExpertMetadata meta = LocalExpertMetadata.read(TfliteReader.read(bytes));
        Familiar familiar = Familiarity.inMetadata(meta) ? Familiar.open(models.shipped(), domain, meta, engines) : null;
        Classifier c;
        try {
            c = familiar == null ? Classifier.of(engines.open(bytes), meta)
                    : new Classifier(engines.open(bytes), meta.labels(), meta.domain(), familiar.rule, familiar::features);
        } catch (Exception | Error e) {
            if (familiar != null) familiar.close();
            throw e;
        }
        loaded.put(domain, new Loaded(key, c, familiar));
        synchronized (backends) {
            backends.put(domain, c.backend());
        }
        return c;
    }

    @Override
    public void close() {
        thread.submit(() -> {
            for (Loaded l : loaded.values()) l.close();
            loaded.clear();
        });
        thread.shutdown();
    }

    private static final class Loaded {
        final String key;
        final Classifier classifier;
        final Familiar familiar;

        Loaded(String key, Classifier classifier, Familiar familiar) {
            this.key = key;
            this.classifier = classifier;
            this.familiar = familiar;
        }

        void close() {
            classifier.close();
            if (familiar != null) familiar.close();
        }
    }
}
