package org.localexpert.app.inference;

import org.localexpert.core.runtime.InferenceEngine;
import org.tensorflow.lite.Delegate;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.InterpreterApi;
import org.tensorflow.lite.gpu.CompatibilityList;
import org.tensorflow.lite.gpu.GpuDelegate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The phone's engine: a TensorFlow Lite interpreter, either on the GPU delegate ({@link #onGpu}) or on the CPU with
 * XNNPACK ({@link #onCpu}). Which one runs, and what happens when one fails, is {@link FallbackEngine}'s business
 * ({@link EngineFactory#TFLITE}). Like every engine it is not thread-safe: the predictor creates and uses it on its one
 * inference thread. Inputs and outputs go through direct native-order buffers, allocated once.
 */
public final class TfliteEngine implements InferenceEngine {
    /** CPU threads when the GPU cannot be used: the phone's UI keeps the other cores. */
    public static final int CPU_THREADS = 2;
    static final String GPU_NAME = "GPU delegate";

    /**
     * Where interpreters and GPU delegates come from: TensorFlow Lite itself on the phone; tests give fakes, because
     * TFLite's natives do not load on the JVM and a real GPU driver cannot be made to fail on cue.
     */
    interface Runtime {
        InterpreterApi interpreter(ByteBuffer model, InterpreterApi.Options options);

        /** The GPU delegate for this phone; throws {@link FallbackEngine.Unavailable} where there is none. */
        Delegate gpuDelegate();

        Runtime TFLITE = new Runtime() {
            @Override
            public InterpreterApi interpreter(ByteBuffer model, InterpreterApi.Options options) {
                return new Interpreter(model, new Interpreter.Options(options));
            }

            @Override
            public Delegate gpuDelegate() {
                String noGpu = whyNoGpu();
                if (noGpu != null) throw new FallbackEngine.Unavailable(noGpu);
                try (CompatibilityList list = new CompatibilityList()) {
                    return new GpuDelegate(GpuPrecision.apply(list.getBestOptionsForThisDevice())); // float32 on the GPU: see GpuPrecision
                }
            }
        };
    }

    private final InterpreterApi interpreter;
    private final Delegate gpu;
    private final String backend;
    private ByteBuffer[] inputs;
    private ByteBuffer[] outputs;

    private TfliteEngine(InterpreterApi interpreter, Delegate gpu, String backend) {
        this.interpreter = interpreter;
        this.gpu = gpu;
        this.backend = backend;
        allocate();
    }

    /**
     * {@code model} (the .tflite bytes) on the GPU delegate. Throws when the GPU cannot take it - its library is not in
     * this APK, the GPU is not supported, the delegate refuses the graph or cannot allocate its tensors - after closing
     * whatever it had made.
     */
    static TfliteEngine onGpu(byte[] model, Runtime runtime) {
        Delegate delegate = runtime.gpuDelegate();
        return open(model, new InterpreterApi.Options().addDelegate(delegate), delegate, GPU_NAME, runtime);
    }

    /** {@code model} on the CPU with XNNPACK; {@code whyNotGpu} goes into the backend name Settings shows. */
    static TfliteEngine onCpu(byte[] model, String whyNotGpu, Runtime runtime) {
        InterpreterApi.Options options = new InterpreterApi.Options().setUseXNNPACK(true).setNumThreads(CPU_THREADS);
        String name = "CPU XNNPACK " + CPU_THREADS + " threads" + (whyNotGpu == null ? "" : " (" + whyNotGpu + ")");
        return open(model, options, null, name, runtime);
    }

    /** The interpreter with its tensors allocated; on any failure the interpreter and the delegate are closed, not leaked. */
    private static TfliteEngine open(byte[] model, InterpreterApi.Options options, Delegate delegate, String name, Runtime runtime) {
        InterpreterApi interpreter = null;
        try {
            ByteBuffer buffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
            buffer.put(model).rewind();
            interpreter = runtime.interpreter(buffer, options);
            return new TfliteEngine(interpreter, delegate, name);
        } catch (RuntimeException | Error e) {
            closeQuietly(interpreter, delegate, e);
            throw e;
        }
    }

    /** Closes both (interpreter first: it uses the delegate), keeping {@code failure} as the error that matters. */
    private static void closeQuietly(InterpreterApi interpreter, Delegate delegate, Throwable failure) {
        try {
            if (interpreter != null) interpreter.close();
        } catch (RuntimeException | LinkageError e) {
            failure.addSuppressed(e);
        }
        try {
            if (delegate != null) delegate.close();
        } catch (RuntimeException | LinkageError e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Null when the GPU delegate can run here, else why not. The default APK leaves the delegate's native library
     * out (it does not fit the 10 MB budget, see app/pom.xml android.tflite.gpu): CompatibilityList then fails to
     * link, which must mean "CPU", not a crash.
     */
    static String whyNoGpu() {
        try (CompatibilityList list = new CompatibilityList()) {
            return list.isDelegateSupportedOnThisDevice() ? null : "GPU delegate does not support this GPU";
        } catch (LinkageError e) {
            return "GPU delegate not in this APK";
        }
    }

    private void allocate() {
        interpreter.allocateTensors();
        inputs = new ByteBuffer[interpreter.getInputTensorCount()];
        for (int k = 0; k < inputs.length; k++) inputs[k] = direct(size(interpreter.getInputTensor(k).shape()));
        outputs = new ByteBuffer[interpreter.getOutputTensorCount()];
        for (int k = 0; k < outputs.length; k++) outputs[k] = direct(size(interpreter.getOutputTensor(k).shape()));
    }

    private static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder());
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override public int inputCount() { return interpreter.getInputTensorCount(); }

    @Override public int outputCount() { return interpreter.getOutputTensorCount(); }

    @Override public int[] inputShape(int i) { return interpreter.getInputTensor(i).shape(); }

    @Override public int[] outputShape(int i) { return interpreter.getOutputTensor(i).shape(); }

    @Override
    public void resizeInput(int i, int[] shape) {
        interpreter.resizeInput(i, shape);
        allocate();
    }

    @Override
    public float[][] run(float[]... in) {
        if (in.length != inputs.length) throw new IllegalArgumentException("the model takes " + inputs.length + " inputs, got " + in.length);
        Object[] ins = new Object[inputs.length];
        for (int k = 0; k < in.length; k++) {
            if (in[k].length * 4 != inputs[k].capacity()) {
                throw new IllegalArgumentException("input " + k + " needs " + inputs[k].capacity() / 4 + " values, got " + in[k].length);
            }
            inputs[k].clear();
            inputs[k].asFloatBuffer().put(in[k]);
            ins[k] = inputs[k];
        }
        Map<Integer, Object> outs = new HashMap<>();
        for (int k = 0; k < outputs.length; k++) {
            outputs[k].clear();
            outs.put(k, outputs[k]);
        }
        interpreter.runForMultipleInputsOutputs(ins, outs);
        float[][] result = new float[outputs.length][];
        for (int k = 0; k < outputs.length; k++) {
            outputs[k].rewind();
            result[k] = new float[outputs[k].capacity() / 4];
            outputs[k].asFloatBuffer().get(result[k]);
        }
        return result;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public void close() {
        interpreter.close();
        if (gpu != null) gpu.close();
    }
}
