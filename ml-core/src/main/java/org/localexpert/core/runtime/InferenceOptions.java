package org.localexpert.core.runtime;

/**
 * How an {@link InferenceEngine} runs: thread count and, for TFLite on the CPU, whether XNNPACK
 * does the work. Defaults (1 thread, XNNPACK on) are what the latency figures are measured with.
 */
public final class InferenceOptions {
    private int threads = 1;
    private boolean xnnpack = true;

    public int threads() {
        return threads;
    }

    public InferenceOptions threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        return this;
    }

    public boolean xnnpack() {
        return xnnpack;
    }

    public InferenceOptions xnnpack(boolean on) {
        this.xnnpack = on;
        return this;
    }
}
