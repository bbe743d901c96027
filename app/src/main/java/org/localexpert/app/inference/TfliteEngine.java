package org.localexpert.app.inference;

import org.localexpert.core.runtime.InferenceEngine;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.gpu.CompatibilityList;
import org.tensorflow.lite.gpu.GpuDelegate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The phone's engine: TensorFlow Lite's {@link Interpreter} on the GPU delegate where
 * {@link CompatibilityList#isDelegateSupportedOnThisDevice()} says the GPU is supported, else on the CPU with
 * XNNPACK. Like every engine it is not thread-safe: the predictor creates and uses it on its one inference thread.
 * Inputs and outputs go through direct native-order buffers, allocated once.
 */
public final class TfliteEngine implements InferenceEngine {
    /** CPU threads when the GPU cannot be used: the phone's UI keeps the other cores. */
    public static final int CPU_THREADS = 2;

    private final Interpreter interpreter;
    private final GpuDelegate gpu;
    private final String backend;
    private ByteBuffer[] inputs;
    private ByteBuffer[] outputs;

    /** {@code model}: the .tflite bytes (copied into a direct buffer the interpreter keeps). */
    public TfliteEngine(byte[] model, boolean allowGpu) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
        buffer.put(model).rewind();
        GpuDelegate delegate = null;
        Interpreter.Options options = new Interpreter.Options();
        String name;
        String noGpu = allowGpu ? whyNoGpu() : "GPU not allowed";
        if (noGpu == null) {
            try (CompatibilityList list = new CompatibilityList()) {
                delegate = new GpuDelegate(GpuPrecision.apply(list.getBestOptionsForThisDevice())); // float32 on the GPU: see GpuPrecision
            }
            options.addDelegate(delegate);
            name = "GPU delegate";
        } else {
            options.setUseXNNPACK(true).setNumThreads(CPU_THREADS);
            name = "CPU XNNPACK " + CPU_THREADS + " threads (" + noGpu + ")";
        }
        Interpreter i;
        try {
            i = new Interpreter(buffer, options);
        } catch (RuntimeException e) {
            if (delegate == null) throw e;
            // The delegate refused the graph after all (a driver quirk): answer on the CPU rather than not at all.
            delegate.close();
            delegate = null;
            i = new Interpreter(buffer, new Interpreter.Options().setUseXNNPACK(true).setNumThreads(CPU_THREADS));
            name = "CPU XNNPACK " + CPU_THREADS + " threads (GPU delegate refused the model: " + e.getMessage() + ")";
        }
        this.interpreter = i;
        this.gpu = delegate;
        this.backend = name;
        allocate();
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
