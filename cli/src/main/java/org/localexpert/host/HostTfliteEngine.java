package org.localexpert.host;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.localexpert.core.runtime.InferenceEngine;
import org.localexpert.core.runtime.InferenceOptions;
import org.localexpert.core.tflite.GraphCheck;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteReader;
import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;

/**
 * Real TensorFlow Lite (2.6.2, DJL's native build) on the host JVM, for parity tests against the
 * Java engine and for latency figures. Host only: this package is never packaged into the app,
 * which runs the Android aars' Interpreter behind the same {@link InferenceEngine} interface.
 *
 * <p>The model bytes are verified by {@link TfliteReader} and the graph by {@link GraphCheck}
 * before the native interpreter sees them (a hostile file must not reach C++ that trusts it). Inputs and outputs move through direct,
 * native-order ByteBuffers, the interpreter's zero-copy path.
 */
public final class HostTfliteEngine implements InferenceEngine {
    private final ByteBuffer modelBuffer; // must outlive the interpreter, which reads it in place
    private final Interpreter interpreter;
    private final InferenceOptions options;
    private ByteBuffer[] inputBuffers;
    private ByteBuffer[] outputBuffers;
    private boolean needsAllocation = true;

    private HostTfliteEngine(byte[] model, InferenceOptions options) throws TfliteFormatException {
        GraphCheck.requireRunnable(TfliteReader.read(model));
        TfliteNative.load();
        this.options = options;
        modelBuffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
        modelBuffer.put(model);
        ((Buffer) modelBuffer).rewind(); // via Buffer: ByteBuffer.rewind() returning ByteBuffer is Java 9+, absent on Android 26
        Interpreter.Options o = new Interpreter.Options();
        o.setNumThreads(options.threads());
        o.setUseXNNPACK(options.xnnpack());
        interpreter = new Interpreter(modelBuffer, o);
        for (int i = 0; i < interpreter.getInputTensorCount(); i++) requireFloat(interpreter.getInputTensor(i), "input " + i);
        for (int i = 0; i < interpreter.getOutputTensorCount(); i++) requireFloat(interpreter.getOutputTensor(i), "output " + i);
    }

    public static HostTfliteEngine open(byte[] model, InferenceOptions options) throws TfliteFormatException {
        return new HostTfliteEngine(model, options);
    }

    public static HostTfliteEngine open(byte[] model) throws TfliteFormatException {
        return open(model, new InferenceOptions());
    }

    public static HostTfliteEngine open(Path file, InferenceOptions options) throws IOException, TfliteFormatException {
        return open(Files.readAllBytes(file), options);
    }

    private static void requireFloat(Tensor t, String what) {
        if (t.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(what + " '" + t.name() + "' is " + t.dataType() + "; this engine feeds float32 only");
        }
    }

    @Override
    public int inputCount() {
        return interpreter.getInputTensorCount();
    }

    @Override
    public int outputCount() {
        return interpreter.getOutputTensorCount();
    }

    @Override
    public int[] inputShape(int i) {
        return interpreter.getInputTensor(i).shape().clone(); // the Tensor hands out its own array
    }

    @Override
    public int[] outputShape(int i) {
        allocate();
        return interpreter.getOutputTensor(i).shape().clone();
    }

    @Override
    public void resizeInput(int i, int[] shape) {
        if (!Arrays.equals(shape, inputShape(i))) {
            interpreter.resizeInput(i, shape.clone());
            needsAllocation = true;
        }
    }

    private void allocate() {
        if (!needsAllocation) return;
        interpreter.allocateTensors();
        inputBuffers = new ByteBuffer[inputCount()];
        // Sizes from the shapes: Tensor.numBytes() can still report the size before a resize.
        for (int i = 0; i < inputBuffers.length; i++) inputBuffers[i] = direct(4 * elements(interpreter.getInputTensor(i).shape()));
        outputBuffers = new ByteBuffer[outputCount()];
        for (int i = 0; i < outputBuffers.length; i++) outputBuffers[i] = direct(4 * elements(interpreter.getOutputTensor(i).shape()));
        needsAllocation = false;
    }

    private static int elements(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public float[][] run(float[]... inputs) {
        allocate();
        int[][] shapes = new int[inputCount()][];
        for (int i = 0; i < shapes.length; i++) shapes[i] = inputShape(i);
        if (inputs.length != shapes.length) {
            throw new IllegalArgumentException("the model has " + shapes.length + " input(s) but got " + inputs.length);
        }
        Object[] in = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            int size = inputBuffers[i].capacity() / 4;
            if (inputs[i] == null || inputs[i].length != size) {
                throw new IllegalArgumentException("input " + i + " of shape " + Arrays.toString(shapes[i]) + " needs "
                        + size + " values but got " + (inputs[i] == null ? "null" : inputs[i].length));
            }
            ((Buffer) inputBuffers[i]).clear();
            inputBuffers[i].asFloatBuffer().put(inputs[i]);
            in[i] = inputBuffers[i];
        }
        Map<Integer, Object> out = new HashMap<>();
        for (int i = 0; i < outputBuffers.length; i++) {
            ((Buffer) outputBuffers[i]).clear();
            out.put(i, outputBuffers[i]);
        }
        interpreter.runForMultipleInputsOutputs(in, out);
        float[][] result = new float[outputBuffers.length][];
        for (int i = 0; i < result.length; i++) {
            ((Buffer) outputBuffers[i]).rewind();
            FloatBuffer f = outputBuffers[i].asFloatBuffer();
            result[i] = new float[f.remaining()];
            f.get(result[i]);
        }
        return result;
    }

    /** Wall time of the last run inside the native interpreter, in nanoseconds (null before the first run). */
    public Long lastNativeNanos() {
        return interpreter.getLastNativeInferenceDurationNanoseconds();
    }

    @Override
    public String backend() {
        return "TFLite " + org.tensorflow.lite.TensorFlowLite.runtimeVersion() + " CPU ("
                + (options.xnnpack() ? "XNNPACK, " : "") + options.threads() + " thread" + (options.threads() == 1 ? "" : "s") + ")";
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
