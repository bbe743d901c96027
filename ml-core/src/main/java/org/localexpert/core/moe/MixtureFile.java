package org.localexpert.core.moe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.abstain.ConfidenceThreshold;
import org.localexpert.core.data.ImagePreprocessor;
import org.localexpert.core.data.SampleSource;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteWriter;

/**
 * A personal mixture as the one .tflite file a phone runs: the graph and the LocalExpert metadata that
 * says what it is — its domain and labels, the GE it belongs to (the GE's weights hash, which the phone
 * checks before it installs the file), how many samples of each class it learnt from, and the GE's
 * calibrated "unsure" threshold, so the mixture abstains where its GE would. The app and the CLI's
 * {@code personalize} both write it here, so their files differ only in their {@link Provenance}.
 */
public final class MixtureFile {
    /** The metadata role of a personal mixture. */
    public static final String ROLE = "mixture";
    /** The metadata property holding how many of the labels are the GE's (the first ones). */
    public static final String GE_CLASSES = "ge_classes";

    /**
     * Where a mixture file came from: its version name, what it learnt from (in words), and when it was
     * made — the app passes its run's start, so a run repeated after a crash writes the same bytes.
     */
    public record Provenance(String modelVersion, String trainingData, Instant created) {}

    private MixtureFile() {}

    /**
     * The file's bytes: {@code mixture}'s graph with its metadata.
     *
     * @param geHash the GE's weights hash ({@code GeHash}), which the mixture is bound to
     * @param user   the samples it learnt from (their per-class counts go into the metadata)
     * @param unsure the GE's calibrated "unsure" threshold, carried over; null when the GE has none
     */
    public static byte[] write(Mixture mixture, Domain domain, String geHash, SampleSource user, ConfidenceThreshold unsure,
                               Provenance provenance) {
        TfliteModel file = ModelExporter.export(mixture.model());
        Map<String, Integer> counts = new LinkedHashMap<>();
        int[] c = user.classCounts();
        for (int i = 0; i < c.length; i++) counts.put(user.labelNames().get(i), c[i]);
        LocalExpertMetadata meta = new LocalExpertMetadata()
                .domain(domain.id())
                .role(ROLE)
                .modelVersion(provenance.modelVersion())
                .labels(mixture.labels())
                .normalization(new float[] {ImagePreprocessor.NORMALIZATION_MEAN}, new float[] {ImagePreprocessor.NORMALIZATION_STD})
                .geHash(geHash)
                .trainingData(provenance.trainingData())
                .sampleCounts(counts)
                .created(provenance.created().toString())
                .property(GE_CLASSES, Integer.toString(mixture.geClasses()))
                .property("routing", String.valueOf(mixture.routing()).toLowerCase(Locale.ROOT))
                .property("outputs", String.join(",", Mixture.OUTPUT_NAMES));
        if (unsure != null) unsure.writeTo(meta);
        meta.writeTo(file);
        return TfliteWriter.write(file);
    }
}
