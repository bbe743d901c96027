package org.localexpert.app.work;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.moe.PersonalizationOptions;
import org.localexpert.core.moe.Personalizer;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@link Personalizer} per domain and shipped GE, kept for the whole process (static: it holds nothing of the
 * user's): building it runs the GE over the whole replay sample, which every training run of the same GE would
 * otherwise repeat. Keyed by the GE file's SHA-256, so an app update that ships another GE gets a new one.
 */
public final class Personalizers {
    /** Fixed seed: the same samples give the same model, so a resumed run produces what an uninterrupted one would. */
    public static final long SEED = 1;

    private final ShippedModels shipped;
    private static final Map<String, Personalizer> CACHE = new HashMap<>();

    public Personalizers(ShippedModels shipped) {
        this.shipped = shipped;
    }

    public Personalizer get(String domain) {
        String key = Domain.check(domain) + ":" + shipped.sha256(domain);
        synchronized (CACHE) {
            Personalizer p = CACHE.get(key);
            if (p == null) {
                p = create(domain);
                CACHE.put(key, p);
            }
            return p;
        }
    }

    private Personalizer create(String domain) {
        Dataset replay = shipped.replay(domain);
        if (replay == null) {
            throw new PersonalizationException("this version of the app does not ship the generic " + domain
                    + " replay sample that training needs, so personal " + domain + " models cannot be trained yet");
        }
        return new Personalizer(shipped.globalExpert(domain), replay,
                PersonalizationOptions.builder().seed(SEED).threads(1).build());
    }
}
