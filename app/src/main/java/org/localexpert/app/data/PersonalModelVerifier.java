package org.localexpert.app.data;

import org.localexpert.core.model.Model;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.store.ModelVerifier;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.PersonalModelCheck;
import org.localexpert.core.tflite.TfliteReader;

import java.util.Arrays;

/**
 * What a personal model must pass before the store installs or re-activates it: ml-core's
 * {@link org.localexpert.core.store.PersonalModelVerifier} (the embedded GE weights are the shipped GE's), the file reads safely, its graph
 * runs, it was trained against the GE shipped now (GE hash), the GPU delegate accepts every op
 * ({@link PersonalModelCheck}), it has the mixture's four outputs and the domain's labels, and it loads and answers
 * a real input with a probability vector. (The held-out evaluation happens before install, in the training job,
 * on these same bytes.)
 */
public final class PersonalModelVerifier implements ModelVerifier {
    private final String domain;
    private final ShippedModels shipped;

    public PersonalModelVerifier(String domain, ShippedModels shipped) {
        this.domain = Domain.check(domain);
        this.shipped = shipped;
    }

    /** ml-core's checks against the shipped GE file itself, made on first use. */
    private org.localexpert.core.store.PersonalModelVerifier againstGe;

    @Override
    public void verify(byte[] model) throws Exception {
        // First the library's checks: the GE weights embedded in the model must BE the shipped GE's
        // (the metadata's hash is only a claim), same input shape, label names valid and led by the GE's.
        if (againstGe == null) {
            againstGe = org.localexpert.core.store.PersonalModelVerifier.forGlobalExpert(shipped.geBytes(domain), shipped.labels(domain));
        }
        againstGe.verify(model);
        LocalExpertMetadata meta = PersonalModelCheck.verify(model, shipped.geHash(domain));
        if (meta.domain() != null && !domain.equals(meta.domain())) {
            throw new IllegalArgumentException("the model is for " + meta.domain() + ", not " + domain);
        }
        if (!meta.labels().containsAll(shipped.labels(domain))) {
            throw new IllegalArgumentException("the model's labels " + meta.labels() + " do not include the global expert's " + shipped.labels(domain));
        }
        Model m = ModelImporter.toModel(TfliteReader.read(model));
        try (Classifier c = Classifier.of(new JavaEngine(m), meta)) {
            if (!c.isMixture()) throw new IllegalArgumentException("the model is not a personal mixture (it has one output, not four)");
            int[] s = c.inputShape();
            float[] input = new float[s[0] * s[1] * s[2]];
            Arrays.fill(input, 0.5f);
            float[] p = c.classify(input).probabilities();
            double sum = 0;
            for (float v : p) {
                if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("the model answers with a non-probability " + v);
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-3) throw new IllegalArgumentException("the model's probabilities sum to " + sum + ", not 1");
        }
    }
}
