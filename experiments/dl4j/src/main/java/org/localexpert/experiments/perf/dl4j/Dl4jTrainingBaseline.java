package org.localexpert.experiments.perf.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.localexpert.core.layer.Activation;
import org.localexpert.core.layer.Conv2D;
import org.localexpert.core.layer.Dense;
import org.localexpert.core.layer.Dropout;
import org.localexpert.core.layer.Flatten;
import org.localexpert.core.layer.MaxPool2D;
import org.localexpert.core.layer.Padding;
import org.localexpert.core.model.Model;
import org.localexpert.core.model.Node;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.experiments.perf.TrainingBaseline;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J 1.0.0-M2.1 on nd4j-native (CPU) as the training baseline of {@code bench-perf}: the ml-core
 * model's chain of layers rebuilt as a DL4J {@link MultiLayerNetwork} (Conv2D → ConvolutionLayer,
 * MaxPool2D → SubsamplingLayer, Dense → DenseLayer, the last Dense + softmax cross-entropy →
 * OutputLayer with MCXENT, Dropout → dropOut on the next layer), float32, and one step =
 * {@code computeGradientAndScore()}: forward in training mode, loss, backward, no update — the same
 * work the Java engine's step does.
 */
public final class Dl4jTrainingBaseline implements TrainingBaseline {
    @Override
    public String name() {
        return "DL4J " + version() + " (nd4j-native CPU, OpenBLAS, float32)";
    }

    /** The deeplearning4j-nn version on the class path, from its Maven metadata (its jar manifest has none). */
    private static String version() {
        try (java.io.InputStream in = MultiLayerNetwork.class.getResourceAsStream(
                "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) return "(version unknown)";
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown)");
        } catch (java.io.IOException e) {
            return "(version unknown)";
        }
    }

    @Override
    public Runnable trainingStep(Model model, Tensor[] inputs, int[][] labels, int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        limitThreads(threads);
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(model));
        net.init();
        int classes = model.outputs().get(0).channels();
        int[] in = model.inputs().get(0).shape();
        List<INDArray> x = new ArrayList<>(), y = new ArrayList<>();
        for (int b = 0; b < inputs.length; b++) {
            int n = inputs[b].shape()[0];
            // NHWC → NCHW (DL4J's native layout), once, before any timing.
            float[] src = inputs[b].data(), dst = new float[src.length];
            int h = in[0], w = in[1], c = in[2];
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < h * w; i++) for (int ch = 0; ch < c; ch++) dst[((s * c + ch) * h * w) + i] = src[(s * h * w + i) * c + ch];
            }
            x.add(Nd4j.create(dst, new long[] {n, c, h, w}, 'c'));
            float[] onehot = new float[n * classes];
            for (int s = 0; s < n; s++) onehot[s * classes + labels[b][s]] = 1f;
            y.add(Nd4j.create(onehot, new long[] {n, classes}, 'c'));
        }
        int[] next = {0};
        return () -> {
            int b = next[0]++ % x.size();
            net.setInput(x.get(b));
            net.setLabels(y.get(b));
            net.computeGradientAndScore();
        };
    }

    /** Same thread count as the Java engine: ND4J's OpenMP pool and OpenBLAS. */
    private static void limitThreads(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    static MultiLayerConfiguration configuration(Model model) {
        int[] in = model.inputs().get(0).shape();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(0.0))
                .list();
        double keep = 1.0;
        List<Node> chain = new ArrayList<>();
        for (Node n : model.nodes()) if (!n.isInput()) chain.add(n);
        for (int i = 0; i < chain.size(); i++) {
            Object l = chain.get(i).layer();
            boolean last = i == chain.size() - 1;
            if (chain.get(i).inputs().size() != 1) throw new UnsupportedOperationException("DL4J baseline: only a chain of layers");
            if (l instanceof Conv2D) {
                Conv2D c = (Conv2D) l;
                int[] k = c.kernel().value().shape();
                list.layer(new ConvolutionLayer.Builder(k[1], k[2]).stride(c.strideH(), c.strideW()).nOut(k[0])
                        .convolutionMode(mode(c.padding())).activation(activation(c.activation())).dropOut(keep).build());
                keep = 1.0;
            } else if (l instanceof MaxPool2D) {
                MaxPool2D p = (MaxPool2D) l;
                list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(p.poolH(), p.poolW())
                        .stride(p.strideH(), p.strideW()).convolutionMode(mode(p.padding())).build());
            } else if (l instanceof Flatten) {
                // DL4J inserts the CNN → dense flattening itself (setInputType below).
            } else if (l instanceof Dropout) {
                keep = 1.0 - ((Dropout) l).rate(); // DL4J's dropOut(p) is the probability of KEEPING an input
            } else if (l instanceof Dense && last) {
                Dense d = (Dense) l;
                if (d.activation() != Activation.NONE) throw new UnsupportedOperationException("DL4J baseline: the last Dense must output logits");
                list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(d.weights().value().shape()[0])
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).dropOut(keep).build());
            } else if (l instanceof Dense) {
                Dense d = (Dense) l;
                list.layer(new DenseLayer.Builder().nOut(d.weights().value().shape()[0]).activation(activation(d.activation()))
                        .dropOut(keep).build());
                keep = 1.0;
            } else {
                throw new UnsupportedOperationException("DL4J baseline: no translation for " + l.getClass().getSimpleName());
            }
        }
        return list.setInputType(InputType.convolutional(in[0], in[1], in[2])).build();
    }

    private static ConvolutionMode mode(Padding p) {
        return p == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    private static org.nd4j.linalg.activations.Activation activation(Activation a) {
        switch (a) {
            case NONE: return org.nd4j.linalg.activations.Activation.IDENTITY;
            case RELU: return org.nd4j.linalg.activations.Activation.RELU;
            case RELU6: return org.nd4j.linalg.activations.Activation.RELU6;
            default: throw new UnsupportedOperationException("DL4J baseline: activation " + a);
        }
    }
}
