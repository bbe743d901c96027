package org.localexpert.app.inference;

import org.localexpert.core.runtime.JavaEngine;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteReader;
import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Delegate;
import org.tensorflow.lite.InterpreterApi;
import org.tensorflow.lite.Tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TensorFlow Lite as {@link TfliteEngine} sees it, without its natives (they do not load on the JVM): interpreters that
 * run the real model with ml-core's Java engine behind TFLite's {@link InterpreterApi}, and GPU delegates. The GPU's or
 * the CPU's interpreter can be made to fail at creation, at tensor allocation or at every run, as a GPU driver can;
 * everything made is recorded so a test can check it was closed.
 */
final class FakeTflite implements TfliteEngine.Runtime {
    enum FailAt { NOTHING, CREATE, ALLOCATE, RUN }

    FailAt gpuFails = FailAt.NOTHING;
    FailAt cpuFails = FailAt.NOTHING;
    /**
     * The GPU's interpreters answer, without any error, with the first output's values in reverse order (a driver whose
     * kernel computes something else): what only a comparison with the CPU can catch.
     */
    boolean gpuAnswersOtherwise;
    /** Thrown by {@link #gpuDelegate()} instead of making one (a missing native library), when set. */
    Error delegateFailure;
    final List<Interpreter> interpreters = new ArrayList<>();
    final List<GpuDelegate> delegates = new ArrayList<>();

    @Override
    public InterpreterApi interpreter(ByteBuffer model, InterpreterApi.Options options) {
        boolean gpu = !options.getDelegates().isEmpty();
        FailAt failAt = gpu ? gpuFails : cpuFails;
        if (failAt == FailAt.CREATE) throw new IllegalArgumentException("Internal error: Failed to apply the " + (gpu ? "GPU" : "CPU") + " delegate");
        byte[] bytes = new byte[model.remaining()];
        model.duplicate().get(bytes);
        Interpreter i = new Interpreter(bytes, gpu, failAt);
        i.answersOtherwise = gpu && gpuAnswersOtherwise;
        interpreters.add(i);
        return i;
    }

    @Override
    public Delegate gpuDelegate() {
        if (delegateFailure != null) throw delegateFailure;
        GpuDelegate d = new GpuDelegate();
        delegates.add(d);
        return d;
    }

    /** Whether every interpreter and delegate made so far was closed. */
    boolean allClosed() {
        for (Interpreter i : interpreters) if (!i.closed) return false;
        for (GpuDelegate d : delegates) if (!d.closed) return false;
        return true;
    }

    static final class GpuDelegate implements Delegate {
        boolean closed;

        @Override public long getNativeHandle() { return 1; }

        @Override public void close() { closed = true; }
    }

    static final class Interpreter implements InterpreterApi {
        final boolean gpu;
        private final FailAt failAt;
        private final JavaEngine engine;
        boolean closed;
        /** Fail the next run, whatever {@code failAt} says (a driver that breaks later). */
        boolean failNextRun;
        /** Reverse the first output's values ({@link FakeTflite#gpuAnswersOtherwise}). */
        boolean answersOtherwise;

        Interpreter(byte[] model, boolean gpu, FailAt failAt) {
            this.gpu = gpu;
            this.failAt = failAt;
            try {
                this.engine = new JavaEngine(ModelImporter.toModel(TfliteReader.read(model)));
            } catch (Exception e) {
                throw new IllegalArgumentException("ByteBuffer is not a valid TensorFlow Lite model flatbuffer", e);
            }
        }

        @Override
        public void allocateTensors() {
            if (failAt == FailAt.ALLOCATE) throw new IllegalStateException("Internal error: Unexpected failure when preparing tensor allocations");
        }

        @Override
        public void run(Object input, Object output) {
            runForMultipleInputsOutputs(new Object[] {input}, java.util.Collections.singletonMap(0, output));
        }

        @Override
        public void runForMultipleInputsOutputs(Object[] inputs, Map<Integer, Object> outputs) {
            if (closed) throw new IllegalStateException("Internal error: The Interpreter has already been closed.");
            if (failAt == FailAt.RUN || failNextRun) {
                failNextRun = false;
                throw new IllegalArgumentException("Internal error: Failed to run on the given Interpreter: " + (gpu ? "GPU" : "CPU") + " invoke failed");
            }
            float[][] in = new float[inputs.length][];
            for (int k = 0; k < in.length; k++) {
                ByteBuffer b = ((ByteBuffer) inputs[k]).duplicate();
                b.rewind();
                in[k] = new float[b.remaining() / 4];
                b.order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().get(in[k]);
            }
            float[][] out = engine.run(in);
            if (answersOtherwise) {
                float[] o = out[0];
                for (int a = 0, b = o.length - 1; a < b; a++, b--) {
                    float t = o[a];
                    o[a] = o[b];
                    o[b] = t;
                }
            }
            for (Map.Entry<Integer, Object> e : outputs.entrySet()) {
                ByteBuffer b = ((ByteBuffer) e.getValue()).duplicate();
                b.clear();
                b.order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(out[e.getKey()]);
            }
        }

        @Override public void resizeInput(int i, int[] shape) { engine.resizeInput(i, shape); }

        @Override public void resizeInput(int i, int[] shape, boolean strict) { engine.resizeInput(i, shape); }

        @Override public int getInputTensorCount() { return engine.inputCount(); }

        @Override public int getInputIndex(String name) { throw new UnsupportedOperationException(); }

        @Override public Tensor getInputTensor(int i) { return new FloatTensor(engine.inputShape(i)); }

        @Override public int getOutputTensorCount() { return engine.outputCount(); }

        @Override public int getOutputIndex(String name) { throw new UnsupportedOperationException(); }

        @Override public Tensor getOutputTensor(int i) { return new FloatTensor(engine.outputShape(i)); }

        @Override public Long getLastNativeInferenceDurationNanoseconds() { return null; }

        @Override public void close() { closed = true; }
    }

    /** A float32 tensor's shape: all TfliteEngine asks of a tensor. */
    private static final class FloatTensor implements Tensor {
        private final int[] shape;

        FloatTensor(int[] shape) {
            this.shape = shape;
        }

        @Override public DataType dataType() { return DataType.FLOAT32; }

        @Override public int numDimensions() { return shape.length; }

        @Override public int numBytes() { return 4 * numElements(); }

        @Override
        public int numElements() {
            int n = 1;
            for (int d : shape) n *= d;
            return n;
        }

        @Override public int[] shape() { return shape.clone(); }

        @Override public int[] shapeSignature() { return shape.clone(); }

        @Override public int index() { throw new UnsupportedOperationException(); }

        @Override public String name() { throw new UnsupportedOperationException(); }

        @Override public QuantizationParams quantizationParams() { throw new UnsupportedOperationException(); }

        @Override public ByteBuffer asReadOnlyBuffer() { throw new UnsupportedOperationException(); }
    }
}
