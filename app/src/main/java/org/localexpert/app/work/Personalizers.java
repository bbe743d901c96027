package org.localexpert.app.work;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.app.inference.EngineFactory;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.Progress;
import org.localexpert.core.moe.ReplayFeatures;

/**
 * The trainer of each domain — ml-core's one {@link Personalizer} with the domain's recipe and the shipped replay
 * features (bound to the shipped GE by its weights hash) — and the engine that computes the GE's features: the
 * app's own inference engine (TFLite on the GPU or XNNPACK; the Java engine where TFLite cannot load). Trainers
 * are kept for the process (static: they hold nothing of the user's), keyed by the GE file's SHA-256, so an app
 * update that ships another GE gets a new one.
 */
public final class Personalizers {
    /** Fixed seed: the same samples give the same model, so a resumed run produces what an uninterrupted one would. */
    public static final long SEED = 1;

    /** What the training job needs of a domain's trainer. */
    public interface Trainer {
        GlobalExpert globalExpert();

        org.localexpert.core.moe.Domain domain();

        /** Trains on {@code user}, read one sample at a time; {@code progress} hears of every GE pass and may throw to stop. */
        Personalization personalize(SampleSource user, Progress progress);

        /** The personal model's "unsure" cut ({@link Personalizer#unsureCut}); the GE's when that is no stricter. */
        ConfidenceThreshold unsureCut(Personalization p, ConfidenceThreshold geCut);
    }

    private static final Map<String, Personalizer> CACHE = new HashMap<>();

    private final ShippedModels shipped;
    private final EngineFactory engines;

    public Personalizers(ShippedModels shipped, EngineFactory engines) {
        this.shipped = shipped;
        this.engines = engines;
    }

    public Trainer get(String domain) {
        String key = Domain.check(domain) + ":" + shipped.sha256(domain);
        Personalizer p;
        synchronized (CACHE) {
            p = CACHE.get(key);
            if (p == null) {
                p = create(domain);
                CACHE.put(key, p);
            }
        }
        Personalizer personalizer = p;
        return new Trainer() {
            @Override public GlobalExpert globalExpert() { return personalizer.globalExpert(); }
            @Override public org.localexpert.core.moe.Domain domain() { return personalizer.domain(); }

            @Override
            public Personalization personalize(SampleSource user, Progress progress) {
                try (FeatureExtractor fx = FeatureExtractor.open(personalizer.globalExpert(), engines::open)) {
                    return personalizer.personalize(user, fx, progress);
                }
            }

            @Override
            public ConfidenceThreshold unsureCut(Personalization p, ConfidenceThreshold geCut) {
                return personalizer.unsureCut(p, geCut);
            }
        };
    }

    private Personalizer create(String domain) {
        byte[] replay = shipped.replayBytes(domain);
        String origin = ShippedModels.replayPath(domain);
        if (replay == null) {
            throw new PersonalizationException("this version of the app does not ship the generic " + domain
                    + " replay sample that training needs, so personal " + domain + " models cannot be trained yet");
        }
        GlobalExpert ge = shipped.globalExpert(domain);
        org.localexpert.core.moe.Domain d = org.localexpert.core.moe.Domain.of(domain);
        try {
            ReplayFeatures features = ReplayFeatures.read(new ByteArrayInputStream(replay), origin, shipped.geHash(domain));
            return new Personalizer(d, ge, features, d.defaults().seed(SEED).threads(1).build());
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped replay sample " + origin + " cannot be read: " + e.getMessage(), e);
        }
    }
}
