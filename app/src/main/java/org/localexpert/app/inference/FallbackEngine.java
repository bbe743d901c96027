package org.localexpert.app.inference;

import android.util.Log;

import org.localexpert.core.runtime.InferenceEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model run by the first of several ways that works; on the phone: the GPU delegate, else TensorFlow Lite on the
 * CPU, else ml-core's Java engine ({@link EngineFactory#TFLITE}). A way works when it opens (interpreter built,
 * delegate applied, tensors allocated) AND answers its first run: a GPU driver can accept a graph and still fail the
 * first time it executes it. Until that first answer a failure closes the way and moves on to the next one; after it,
 * failures are the caller's to see - falling back then would hide a real problem behind a slower answer.
 * {@link #backend()} names the way in use and why the ones before it were not used (Settings shows it).
 */
final class FallbackEngine implements InferenceEngine {
    private static final String TAG = "LocalExpert";

    /** One way to run a model. */
    static final class Way {
        interface Opener {
            /** {@code whyNotEarlier}: why the ways before this one were not used (null for the first), for its name. */
            InferenceEngine open(byte[] model, String whyNotEarlier) throws Exception;
        }

        final String name;
        final Opener opener;

        Way(String name, Opener opener) {
            this.name = name;
            this.opener = opener;
        }
    }

    /** Thrown by a way that does not exist on this phone (no GPU delegate in the APK): its message is the whole reason. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String why) {
            super(why);
        }
    }

    private final byte[] model;
    private final List<Way> ways;
    /** Input shapes the caller set, replayed on a way opened later. */
    private final Map<Integer, int[]> resized = new LinkedHashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private int next;
    private Way way;
    private InferenceEngine engine;
    private boolean answered;

    private FallbackEngine(byte[] model, List<Way> ways) {
        this.model = model;
        this.ways = ways;
    }

    /** The model on the first of {@code ways} that opens; throws the last way's failure (earlier ones suppressed) if none does. */
    static FallbackEngine open(byte[] model, List<Way> ways) throws Exception {
        FallbackEngine e = new FallbackEngine(model, ways);
        Throwable failure = e.openNext();
        if (failure instanceof Exception) throw (Exception) failure;
        if (failure != null) throw (Error) failure;
        return e;
    }

    /** Opens the next way that opens and makes it current: null then, else why not (the current engine stays). */
    private Throwable openNext() {
        Throwable failure = null;
        while (next < ways.size()) {
            Way candidate = ways.get(next++);
            InferenceEngine opened = null;
            try {
                opened = candidate.opener.open(model, reasons.isEmpty() ? null : String.join("; ", reasons));
                for (Map.Entry<Integer, int[]> r : resized.entrySet()) opened.resizeInput(r.getKey(), r.getValue());
                way = candidate;
                engine = opened;
                return null;
            } catch (Exception | LinkageError e) {
                if (opened != null) closeQuietly(opened, e);
                giveUp(candidate, e, false);
                if (failure != null) e.addSuppressed(failure);
                failure = e;
            }
        }
        return failure != null ? failure : new IllegalStateException("no other way to run the model is left");
    }

    private void giveUp(Way failed, Throwable e, boolean atFirstRun) {
        String why = e instanceof Unavailable ? e.getMessage()
                : failed.name + " failed" + (atFirstRun ? " at its first run" : "") + ": " + EngineFactory.shortMessage(e);
        reasons.add(why);
        Log.w(TAG, "not using " + failed.name + ": " + why, e instanceof Unavailable ? null : e);
    }

    @Override
    public float[][] run(float[]... inputs) {
        if (answered) return engine.run(inputs);
        checkSizes(inputs);
        while (true) {
            try {
                float[][] out = engine.run(inputs);
                answered = true;
                return out;
            } catch (RuntimeException | LinkageError e) {
                InferenceEngine failed = engine;
                giveUp(way, e, true);
                Throwable notOpened = openNext();
                if (notOpened != null) {
                    e.addSuppressed(notOpened);
                    throw e; // nothing else opens: the current engine stays, and the caller learns what went wrong
                }
                closeQuietly(failed, e);
            }
        }
    }

    /**
     * The caller's mistake (wrong number of values) is not a reason to fall back: refused before the first run, as every
     * engine would refuse it. Skipped for shapes with an open dimension, which only the engine can judge.
     */
    private void checkSizes(float[][] inputs) {
        if (inputs.length != engine.inputCount()) {
            throw new IllegalArgumentException("the model takes " + engine.inputCount() + " inputs, got " + inputs.length);
        }
        for (int k = 0; k < inputs.length; k++) {
            long n = 1;
            for (int d : engine.inputShape(k)) n = d > 0 && n > 0 ? n * d : -1;
            if (n > 0 && inputs[k].length != n) throw new IllegalArgumentException("input " + k + " needs " + n + " values, got " + inputs[k].length);
        }
    }

    private static void closeQuietly(InferenceEngine engine, Throwable failure) {
        try {
            engine.close();
        } catch (RuntimeException | LinkageError e) {
            failure.addSuppressed(e);
        }
    }

    @Override public int inputCount() { return engine.inputCount(); }

    @Override public int outputCount() { return engine.outputCount(); }

    @Override public int[] inputShape(int i) { return engine.inputShape(i); }

    @Override public int[] outputShape(int i) { return engine.outputShape(i); }

    @Override
    public void resizeInput(int i, int[] shape) {
        engine.resizeInput(i, shape);
        resized.put(i, shape.clone());
    }

    @Override
    public String backend() {
        return engine.backend();
    }

    @Override
    public void close() {
        engine.close();
    }
}
