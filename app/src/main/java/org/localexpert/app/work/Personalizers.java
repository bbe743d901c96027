package org.localexpert.app.work;

import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.moe.FarmPersonalizer;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.Personalization;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;
import org.localexpert.core.moe.PlantReplay;
import org.localexpert.core.moe.ReplaySample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The trainer of each domain — ml-core's {@link Personalizer} for handwriting, {@link FarmPersonalizer} (photo
 * augmentation, the farm design) for plants — with the domain's shipped replay sample. Kept for the whole process
 * (static: it holds nothing of the user's), because building one runs the GE over the whole replay sample, which
 * every run would otherwise repeat. Keyed by the GE file's SHA-256, so an app update that ships another GE gets a
 * new one.
 */
public final class Personalizers {
    /** Fixed seed: the same samples give the same model, so a resumed run produces what an uninterrupted one would. */
    public static final long SEED = 1;

    /** What the training job needs of a domain's trainer. */
    public interface Trainer {
        GlobalExpert globalExpert();

        Personalization personalize(Dataset user);
    }

    private static final Map<String, Trainer> CACHE = new HashMap<>();

    private final ShippedModels shipped;

    public Personalizers(ShippedModels shipped) {
        this.shipped = shipped;
    }

    public Trainer get(String domain) {
        String key = Domain.check(domain) + ":" + shipped.sha256(domain);
        synchronized (CACHE) {
            Trainer t = CACHE.get(key);
            if (t == null) {
                t = create(domain);
                CACHE.put(key, t);
            }
            return t;
        }
    }

    private Trainer create(String domain) {
        byte[] replay = shipped.replayBytes(domain);
        if (replay == null) {
            throw new PersonalizationException("this version of the app does not ship the generic " + domain
                    + " replay sample that training needs, so personal " + domain + " models cannot be trained yet");
        }
        GlobalExpert ge = shipped.globalExpert(domain);
        String origin = ShippedModels.replayPath(domain);
        try {
            if (Domain.HANDWRITING.equals(domain)) {
                Personalizer p = new Personalizer(ge, ReplaySample.read(new ByteArrayInputStream(replay), origin),
                        PersonalizationOptions.builder().seed(SEED).threads(1).build());
                return new Trainer() {
                    @Override public GlobalExpert globalExpert() { return p.globalExpert(); }
                    @Override public Personalization personalize(Dataset user) { return p.personalize(user); }
                };
            }
            Dataset photos = PlantReplay.read(new ByteArrayInputStream(replay), AndroidImageDecoder::decodeBytes, ge.inputShape()[0], origin);
            FarmPersonalizer f = new FarmPersonalizer(ge, photos, FarmPersonalizer.defaultOptions().seed(SEED).build());
            return new Trainer() {
                @Override public GlobalExpert globalExpert() { return f.globalExpert(); }
                @Override public Personalization personalize(Dataset user) { return f.personalize(user); }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped replay sample " + origin + " cannot be read: " + e.getMessage(), e);
        }
    }
}
