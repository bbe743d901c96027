package org.localexpert.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;
import org.localexpert.core.layer.BatchNorm;
import org.localexpert.core.layer.Layer;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.tflite.GpuCompatibility;
import org.localexpert.core.tflite.ModelExporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteOperator;
import org.localexpert.core.train.PlantRecipes;
import org.tensorflow.lite.schema.BuiltinOperator;

/** The from-scratch baseline has MobileNet v1 0.25's shape, and exports to the transfer GE's GPU-ready ops. */
public class PlantScratchNetworkTest {
    @Test
    public void hasMobileNetsShapeAndExportsWithItsBatchNormsFolded() {
        Model net = PlantScratchNetwork.build(64, 15, 3);
        int bns = 0;
        for (Layer l : net.layers()) if (l instanceof BatchNorm) bns++;
        assertEquals("one BatchNorm per convolution: conv0 + 13 x (depthwise, pointwise)", 27, bns);
        float[] x = new float[2 * 64 * 64 * 3];
        Random r = new Random(4);
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        Tensor logits = net.forward(Tensor.of(x, 2, 64, 64, 3), false);
        assertArrayEquals(new int[] {2, 15}, logits.shape());
        // The last block works at 1/32 of the input, as MobileNet's: 64 px -> 2 x 2 x 256.
        assertArrayEquals(new int[] {2, 2, 256}, net.node("block13_pw_relu6").shape());

        Model inference = PlantRecipes.inferenceModel(net); // no input map to fold: the photo in [0, 1] goes straight in
        TfliteModel tflite = ModelExporter.export(inference);
        assertTrue(GpuCompatibility.check(tflite).toString(), GpuCompatibility.check(tflite).isEmpty());
        int convs = 0;
        for (TfliteOperator op : tflite.mainSubgraph().operators()) {
            int code = tflite.operatorCode(op).builtinCode();
            if (code == BuiltinOperator.CONV_2D || code == BuiltinOperator.DEPTHWISE_CONV_2D) convs++;
        }
        assertEquals("BatchNorm and ReLU6 fused into the 27 convolutions", 27, convs);
        assertEquals("27 convolutions, mean, dense, softmax: the transfer GE's 30 ops", 30, tflite.mainSubgraph().operators().size());
    }
}
