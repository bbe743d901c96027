package org.localexpert.app.inference;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.localexpert.app.data.ShippedModels;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.TaughtBank;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.tflite.LocalExpertMetadata;

/**
 * What the phone needs for the familiarity part of a model's "unsure" rule (issue 18): the shipped GE's
 * feature graph on the app's engine (TFLite, GPU or CPU; the Java engine when that fails) and the rule with its
 * reference bank — the shipped replay features, plus for a personal model the features of the samples the
 * user taught, stored in the model's metadata. The same rule {@code predict} and {@code evaluate} apply.
 *
 * <p>It costs a second pass of the GE per prediction (the model file's graph does not output the GE's
 * features): about 2.3 M multiply-adds for handwriting, one more GE pass of the photo for plants.
 */
final class Familiar implements AutoCloseable {
    final AbstentionRule rule;
    private final FeatureExtractor extractor;

    private Familiar(AbstentionRule rule, FeatureExtractor extractor) {
        this.rule = rule;
        this.extractor = extractor;
    }

    /** Null when the APK ships no replay features for the domain: the rule is then the confidence part alone. */
    static Familiar open(ShippedModels shipped, String domain, LocalExpertMetadata meta, EngineFactory engines) {
        byte[] replayBytes = shipped.replayBytes(domain);
        if (replayBytes == null) return null;
        GlobalExpert ge = shipped.globalExpert(domain);
        ReplayFeatures replay;
        try {
            replay = ReplayFeatures.read(new ByteArrayInputStream(replayBytes), ShippedModels.replayPath(domain), shipped.geHash(domain));
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped replay features " + ShippedModels.replayPath(domain) + " cannot be read: " + e.getMessage(), e);
        }
        float[] bank = replay.features().features(), taught = TaughtBank.readFrom(meta, ge.featureSize());
        float[] all = java.util.Arrays.copyOf(bank, bank.length + taught.length);
        System.arraycopy(taught, 0, all, bank.length, taught.length);
        AbstentionRule rule = Classifier.ruleOf(meta, Domain.named(meta.domain()), all, ge.featureSize());
        return new Familiar(rule, FeatureExtractor.open(ge, engines::open));
    }

    /** The GE's features of one input (the classifier's feature source). */
    float[] features(float[] input) {
        float[] f = new float[extractor.featureSize()], p = new float[extractor.classes()];
        extractor.extract(input, f, p);
        return f;
    }

    @Override
    public void close() {
        extractor.close();
    }
}
