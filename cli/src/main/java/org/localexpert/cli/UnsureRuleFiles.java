package org.localexpert.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.abstain.TaughtBank;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.FeatureExtractor;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.predict.Classifier;

/**
 * A model file's whole "unsure" rule on the host, as {@code predict} and {@code evaluate} apply it: the
 * domain's input check, the confidence cut, and — when the metadata carries a familiarity cut (issue 18) —
 * the nearest-bank check, whose bank is the replay features beside the GE plus, for a personal mixture,
 * the user's taught samples' features stored in the mixture. The check needs the GE's features of each
 * input, so the GE is loaded too: the file itself when it is a GE, else {@code --ge} or the shipped GE of
 * the domain (its weights hash must be the one the mixture names).
 */
final class UnsureRuleFiles implements AutoCloseable {
    final AbstentionRule rule;
    private final FeatureExtractor features;

    private UnsureRuleFiles(AbstentionRule rule, FeatureExtractor features) {
        this.rule = rule;
        this.features = features;
    }

    static UnsureRuleFiles open(MoeFiles.Loaded m, Path modelPath, Domain domain, ConfidenceThreshold threshold, String geArg) {
        AbstentionRule base = domain.abstentionRule(threshold);
        if (!Familiarity.inMetadata(m.metadata)) return new UnsureRuleFiles(base, null);
        GlobalExpert ge;
        Path gePath;
        String hash;
        if (m.isMixture()) {
            gePath = geArg != null ? Paths.get(geArg) : shippedGe(domain);
            MoeFiles.Loaded g = MoeFiles.read(gePath);
            hash = MoeFiles.geHash(g);
            if (m.metadata.geHash() != null && !m.metadata.geHash().equals(hash)) {
                throw new UserError(modelPath + " was personalized on another GE (" + m.metadata.geHash() + ") than " + gePath + ": pass that GE with --ge");
            }
            ge = MoeFiles.readGe(g, gePath);
        } else {
            gePath = modelPath;
            hash = MoeFiles.geHash(m);
            ge = MoeFiles.readGe(m, modelPath);
        }
        ReplayFeatures replay;
        try {
            replay = ReplayFeatures.read(ReplayFiles.featuresPathNextTo(gePath), hash);
        } catch (IOException e) {
            throw new UserError("the model's unsure rule compares inputs with the replay features beside its GE: " + e.getMessage());
        }
        float[] bank = replay.features().features();
        float[] taught;
        try {
            taught = TaughtBank.readFrom(m.metadata, ge.featureSize());
        } catch (IllegalArgumentException e) {
            throw new UserError(modelPath + ": " + e.getMessage());
        }
        if (taught.length > 0) {
            float[] all = java.util.Arrays.copyOf(bank, bank.length + taught.length);
            System.arraycopy(taught, 0, all, bank.length, taught.length);
            bank = all;
        }
        AbstentionRule rule = base.withFamiliarity(Classifier.ruleOf(m.metadata, domain, bank, ge.featureSize()).familiarity());
        return new UnsureRuleFiles(rule, FeatureExtractor.java(ge));
    }

    /** The shipped GE of {@code domain}, run from the project root or a module folder. */
    private static Path shippedGe(Domain domain) {
        Path p = MoeFiles.shippedGe(Paths.get("models"), domain);
        return Files.isRegularFile(p) ? p : MoeFiles.shippedGe(Paths.get("../models"), domain);
    }

    /** The GE's features of one input, or null when the rule does not need them. */
    float[] features(float[] input) {
        if (features == null) return null;
        float[] f = new float[features.featureSize()], p = new float[features.classes()];
        features.extract(input, f, p);
        return f;
    }

    /** The feature source a {@link Classifier} needs for this rule (null when it needs none). */
    Classifier.FeatureSource source() {
        return features == null ? null : this::features;
    }

    @Override
    public void close() {
        if (features != null) features.close();
    }
}
