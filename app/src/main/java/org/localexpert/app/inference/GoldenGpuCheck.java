package org.localexpert.app.inference;

import android.util.Log;

import org.localexpert.app.data.Sha256;
import org.localexpert.core.predict.GoldenSetCheck;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.TfliteReader;

import java.util.Arrays;
import java.util.List;

/**
 * The GPU path is checked, not trusted (issue 21, item 2). The first time the app opens a model file on the GPU it runs
 * the domain's golden inputs ({@code golden.bin} beside the shipped GE) through the GPU engine and through the CPU, and
 * keeps the GPU only if every label, route (GE or the user's LE) and "unsure" decision agrees
 * ({@link GoldenSetCheck}). A GPU driver can run a graph without an error and still compute something else (half
 * precision, a kernel bug); without this check the user would be told the wrong disease with a straight face. Otherwise
 * the model runs on the CPU, named with the reason, which Settings shows ({@link #MISMATCH}).
 *
 * <p>The verdict is kept per model file (its SHA-256, {@link Verdicts}), so the check runs once per file and phone: a
 * new personal model is a new file and is checked again; an app update that ships another GE too.
 */
public final class GoldenGpuCheck implements EngineFactory {
    private static final String TAG = "LocalExpert";
    /** How a CPU engine's reason begins when the GPU failed the check: Settings recognises it by this. */
    public static final String MISMATCH = "GPU answers differ from the CPU's on the golden inputs";
    /** The stored verdict of a file the GPU agreed on (anything else stored is the reason it did not). */
    static final String AGREE = "agree";

    /** Opens the model on the CPU; {@code whyNotGpu} goes into its backend name (null: none). */
    public interface CpuOpener {
        InferenceEngine open(byte[] model, String whyNotGpu) throws Exception;
    }

    /** The domain's golden inputs for a model of input shape [H, W, C]; empty when there are none. */
    public interface GoldenInputs {
        List<float[]> of(String domain, int[] inputShape);
    }

    /** Verdicts by model file (SHA-256 hex): {@link #AGREE} or the reason the GPU is not used. */
    public interface Verdicts {
        String get(String modelSha256);

        void put(String modelSha256, String verdict);
    }

    private final EngineFactory gpuFirst;
    private final CpuOpener cpu;
    private final GoldenInputs golden;
    private final Verdicts verdicts;

    /** {@code gpuFirst}: the phone's usual factory (GPU, then CPU, then the Java engine); {@code cpu}: the CPU alone. */
    public GoldenGpuCheck(EngineFactory gpuFirst, CpuOpener cpu, GoldenInputs golden, Verdicts verdicts) {
        this.gpuFirst = gpuFirst;
        this.cpu = cpu;
        this.golden = golden;
        this.verdicts = verdicts;
    }

    @Override
    public InferenceEngine open(byte[] model) throws Exception {
        String sha = Sha256.hex(model);
        String known = verdicts.get(sha);
        if (known != null && !known.equals(AGREE)) return cpu.open(model, known); // failed before: the GPU is not tried again
        InferenceEngine first = gpuFirst.open(model);
        if (known != null || !onGpu(first)) return first; // agreed before, or not on the GPU: nothing to check
        String verdict = check(model, first);
        if (verdict == null) return first; // no check possible (no golden inputs, no CPU): the GPU stays, unverified
        verdicts.put(sha, verdict);
        if (verdict.equals(AGREE)) return first;
        Log.w(TAG, "not using the GPU for this model: " + verdict);
        first.close();
        return cpu.open(model, verdict);
    }

    /** {@link #AGREE}, the reason the GPU is not to be used, or null when no verdict could be reached. */
    private String check(byte[] model, InferenceEngine onGpu) {
        InferenceEngine reference = null;
        try {
            LocalExpertMetadata meta = LocalExpertMetadata.read(TfliteReader.read(model));
            if (meta == null || meta.labels().isEmpty()) return null;
            int[] shape = onGpu.inputShape(0);
            List<float[]> inputs = golden.of(meta.domain(), Arrays.copyOfRange(shape, 1, shape.length));
            if (inputs.isEmpty()) return null;
            reference = cpu.open(model, null);
            GoldenSetCheck.Verdict v = GoldenSetCheck.compare(onGpu, reference, meta, inputs);
            // A GPU that failed during the check has fallen back to the CPU inside its engine: nothing learnt about the GPU.
            if (!onGpu(onGpu)) return null;
            return v.agrees() ? AGREE : MISMATCH + " (" + v.detail() + ")";
        } catch (Exception | LinkageError e) {
            Log.w(TAG, "the GPU check could not run; the GPU stays, unverified", e);
            return null;
        } finally {
            if (reference != null) reference.close();
        }
    }

    /** The GPU delegate runs it (TfliteEngine names itself so; FallbackEngine passes the name of the way in use). */
    static boolean onGpu(InferenceEngine e) {
        return e.backend().startsWith("GPU");
    }
}
