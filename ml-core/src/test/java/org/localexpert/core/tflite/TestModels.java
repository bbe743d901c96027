package org.localexpert.core.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.Logistic;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Softmax;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Parameter;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.TensorType;

/** Small hand-built models and the shared data folder, for the tflite tests. */
final class TestModels {
    private TestModels() {}

    static void jitter(Model m, long seed, float scale) {
        Random r = new Random(seed);
        for (Parameter p : m.parameters()) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) v[i] += (float) r.nextGaussian() * scale;
        }
    }

    /** A tiny image GE: 12x12x1 in, a 16-wide "features" layer, softmax over 5 classes (weights jittered). */
    static Model tinyGe() {
        Model.Builder b = Model.builder(1);
        Node x = b.input("image", 12, 12, 1);
        Node c = b.add(new Conv2D("conv", 1, 4, 3, 1, org.localexpert.core.layer.Padding.SAME, Activation.RELU), x);
        Node p = b.add(new MaxPool2D("pool", 2, 2, org.localexpert.core.layer.Padding.VALID), c);
        Node f = b.add(new Dense("features", 144, 16, Activation.RELU), b.add(new Flatten("flatten"), p));
        Node probs = b.add(new Softmax("probs"), b.add(new Dense("logits", 16, 5, Activation.NONE), f));
        Model m = b.build(probs);
        jitter(m, 1, 0.1f);
        return m;
    }

    /** A local expert: Dense(in → classes) + softmax. */
    static Model tinyLe(int in, int classes) {
        Model.Builder b = Model.builder(2);
        Node x = b.input("features", in);
        Model m = b.build(b.add(new Softmax("le_probs"), b.add(new Dense("le_fc", in, classes, Activation.NONE), x)));
        jitter(m, 2, 0.3f);
        return m;
    }

    /** A gating network: Dense(in → 1) + logistic. */
    static Model tinyGn(int in) {
        Model.Builder b = Model.builder(3);
        Node x = b.input("features", in);
        Model m = b.build(b.add(new Logistic("gate"), b.add(new Dense("gn_fc", in, 1, Activation.NONE), x)));
        jitter(m, 3, 0.5f);
        return m;
    }

    static Path dataDir() {
        return Paths.get(System.getProperty("localexpert.data", "../shared/data"));
    }

    /** The converter-made MobileNet v1 0.25, or null when the data folder lacks it. */
    static Path mobileNet() {
        Path p = dataDir().resolve("backbones/mobilenet_v1_0.25_224/mobilenet_v1_0.25_224.tflite");
        return Files.isRegularFile(p) ? p : null;
    }

    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) b.putInt(i);
        return b.array();
    }

    static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * scale;
        return v;
    }

    /**
     * input [1,8,8,3] → CONV_2D 3×3 SAME stride 1, 4 filters, fused RELU → RESHAPE [-1,256]
     * → FULLY_CONNECTED 5 → SOFTMAX. Batch resizable (shape signature -1).
     */
    static TfliteModel smallCnn(long seed) {
        Random r = new Random(seed);
        TfliteModel m = new TfliteModel();
        m.setDescription("LocalExpert test model");
        TfliteSubgraph g = new TfliteSubgraph("main");
        m.subgraphs().add(g);
        int in = g.addTensor(TfliteTensor.float32("image", new int[] {1, 8, 8, 3}, new int[] {-1, 8, 8, 3}, 0));
        int w = g.addTensor(TfliteTensor.float32("conv/kernel", new int[] {4, 3, 3, 3}, null,
                m.addBuffer(floats(random(r, 4 * 27, 0.3f)))));
        int b = g.addTensor(TfliteTensor.float32("conv/bias", new int[] {4}, null, m.addBuffer(floats(random(r, 4, 0.1f)))));
        int c = g.addTensor(TfliteTensor.float32("conv", new int[] {1, 8, 8, 4}, new int[] {-1, 8, 8, 4}, 0));
        Conv2DOptionsT co = new Conv2DOptionsT();
        co.setPadding(Padding.SAME);
        co.setStrideW(1);
        co.setStrideH(1);
        co.setDilationWFactor(1);
        co.setDilationHFactor(1);
        co.setFusedActivationFunction(ActivationFunctionType.RELU);
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.CONV_2D, 1)),
                new int[] {in, w, b}, new int[] {c}, BuiltinOptions.Conv2DOptions, co));
        int shape = g.addTensor(new TfliteTensor("flatten/shape", new int[] {2}, null, TensorType.INT32,
                m.addBuffer(ints(-1, 256)), null, false));
        int flat = g.addTensor(TfliteTensor.float32("flatten", new int[] {1, 256}, new int[] {-1, 256}, 0));
        ReshapeOptionsT ro = new ReshapeOptionsT();
        ro.setNewShape(new int[] {-1, 256});
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.RESHAPE, 1)),
                new int[] {flat == 0 ? 0 : c, shape}, new int[] {flat}, BuiltinOptions.ReshapeOptions, ro));
        int fw = g.addTensor(TfliteTensor.float32("dense/kernel", new int[] {5, 256}, null,
                m.addBuffer(floats(random(r, 5 * 256, 0.1f)))));
        int fbias = g.addTensor(TfliteTensor.float32("dense/bias", new int[] {5}, null, m.addBuffer(floats(random(r, 5, 0.1f)))));
        int logits = g.addTensor(TfliteTensor.float32("logits", new int[] {1, 5}, new int[] {-1, 5}, 0));
        FullyConnectedOptionsT fo = new FullyConnectedOptionsT();
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.FULLY_CONNECTED, 1)),
                new int[] {flat, fw, fbias}, new int[] {logits}, BuiltinOptions.FullyConnectedOptions, fo));
        int probs = g.addTensor(TfliteTensor.float32("probs", new int[] {1, 5}, new int[] {-1, 5}, 0));
        SoftmaxOptionsT so = new SoftmaxOptionsT();
        so.setBeta(1f);
        g.addOperator(new TfliteOperator(m.operatorCodeIndex(TfliteOperatorCode.builtin(BuiltinOperator.SOFTMAX, 1)),
                new int[] {logits}, new int[] {probs}, BuiltinOptions.SoftmaxOptions, so));
        g.setInputs(in);
        g.setOutputs(probs);
        m.putMetadata("test", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return m;
    }
}
