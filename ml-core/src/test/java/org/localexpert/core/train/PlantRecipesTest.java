package org.localexpert.core.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.Random;
import org.junit.Assume;
import org.junit.Test;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;

/** The plant recipe's backbone split: stem then tail computes exactly what the uncut backbone does. */
public class PlantRecipesTest {
    @Test
    public void stemThenTailEqualsTheWholeBackbone() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.MOBILENET_BACKBONE), DataLocation.has(DataLocation.MOBILENET_BACKBONE));
        File dir = DataLocation.require(DataLocation.MOBILENET_BACKBONE);
        Model whole = PlantRecipes.backbone(dir, 96, null)[0];
        Model[] parts = PlantRecipes.backbone(dir, 96, PlantRecipes.blockOutput(PlantRecipes.DEFAULT_FIRST_TUNED_BLOCK - 1));
        assertArrayEquals(new int[] {3, 3, 256}, whole.outputs().get(0).shape());
        assertArrayEquals(new int[] {12, 12, 64}, parts[0].outputs().get(0).shape());
        float[] img = new float[2 * 96 * 96 * 3];
        Random r = new Random(3);
        for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
        Tensor expected = whole.forward(Tensor.of(img, 2, 96, 96, 3), false).copy();
        Tensor mid = parts[0].forward(Tensor.of(img, 2, 96, 96, 3), false).copy();
        Tensor got = parts[1].forward(mid, false);
        assertArrayEquals(expected.shape(), got.shape());
        for (int i = 0; i < expected.size(); i++) assertEquals("element " + i, expected.data()[i], got.data()[i], 1e-5f);
        // The trainable part starts with its tail frozen: only the head learns in phase 1.
        Model trainable = PlantRecipes.trainable(parts[1], parts[0].outputs().get(0).shape(), 15, 1);
        assertEquals(256 * 15 + 15, trainable.trainableParameters().stream().mapToLong(p -> p.value().size()).sum());
    }

    @Test
    public void cutAtTheImageLeavesOnlyTheInputMapFrozen() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.MOBILENET_BACKBONE), DataLocation.has(DataLocation.MOBILENET_BACKBONE));
        File dir = DataLocation.require(DataLocation.MOBILENET_BACKBONE);
        Model whole = PlantRecipes.backbone(dir, 64, null)[0];
        Model[] parts = PlantRecipes.backbone(dir, 64, PlantRecipes.blockOutput(-1));
        assertEquals("the stem is only the [0, 1] -> [-1, 1] map", 0, parts[0].parameterCount() - 6);
        float[] img = new float[64 * 64 * 3];
        Random r = new Random(4);
        for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
        Tensor expected = whole.forward(Tensor.of(img, 1, 64, 64, 3), false).copy();
        Model network = PlantRecipes.network(parts[0], PlantRecipes.trainable(parts[1], parts[0].outputs().get(0).shape(), 15, 1));
        network.forward(Tensor.of(img, 1, 64, 64, 3), false);
        Tensor got = network.output(network.nodes().get(network.nodes().size() - 4).name());
        assertArrayEquals(expected.shape(), got.shape());
        for (int i = 0; i < expected.size(); i++) assertEquals("element " + i, expected.data()[i], got.data()[i], 1e-5f);
    }
}
