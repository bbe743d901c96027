package org.localexpert.experiments;

import java.nio.file.Path;
import org.localexpert.core.abstain.AbstentionRule;
import org.localexpert.core.moe.Domain;
import org.localexpert.core.moe.GlobalExpert;
import org.localexpert.core.moe.ReplayFeatures;
import org.localexpert.core.predict.Classifier;
import org.localexpert.core.tflite.GeHash;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

/**
 * A GE file read once for the "unsure" benches and probes: its metadata, the network, its weights hash, the replay
 * features shipped beside it (refused if they belong to another GE) and the "unsure" rule the metadata and that bank
 * make — what {@code predict}, {@code evaluate} and the app apply to this GE.
 */
public final class GeWithRule {
    public final LocalExpertMetadata meta;
    public final GlobalExpert ge;
    public final String hash;
    public final ReplayFeatures replay;
    public final AbstentionRule rule;

    private GeWithRule(LocalExpertMetadata meta, GlobalExpert ge, String hash, ReplayFeatures replay, AbstentionRule rule) {
        this.meta = meta;
        this.ge = ge;
        this.hash = hash;
        this.replay = replay;
        this.rule = rule;
    }

    public static GeWithRule read(Path model, Domain domain) throws Exception {
        TfliteModel file = TfliteReader.read(model);
        LocalExpertMetadata meta = LocalExpertMetadata.read(file);
        GlobalExpert ge = GlobalExpert.of(ModelImporter.toModel(file), meta.labels());
        String hash = GeHash.of(file);
        ReplayFeatures replay = ReplayFeatures.read(model.resolveSibling(ReplayFeatures.FILE_NAME), hash);
        return new GeWithRule(meta, ge, hash, replay, Classifier.ruleOf(meta, domain, replay.features().features(), ge.featureSize()));
    }
}
