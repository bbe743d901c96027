package org.localexpert.core.moe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.ModelImporter;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;
import org.localexpert.host.ImageIoDecoder;
import org.localexpert.host.PhotoJpeg;

/** "My farm": the plant replay file format, and a small seeded personalization on real farm photos. */
public class PlantPersonalizationTest {
    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void replaySampleRoundTripsThroughJpegWithLabelsAndNearlyTheSamePixels() throws Exception {
        int size = 32;
        List<String> labels = Arrays.asList("Healthy", "Rust", "Tomato___healthy");
        List<Example> ex = new ArrayList<>();
        Random rng = new Random(3);
        for (int i = 0; i < 6; i++) {
            float[] px = new float[size * size * 3];
            // smooth colour gradients (photo-like; JPEG is made for these)
            float r = rng.nextFloat(), g = rng.nextFloat();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int o = (y * size + x) * 3;
                    px[o] = r * x / size;
                    px[o + 1] = g * y / size;
                    px[o + 2] = 0.5f;
                }
            }
            ex.add(new Example(px, new int[] {size, size, 3}, i % 3));
        }
        Dataset sample = new Dataset(ex, labels, new int[] {size, size, 3});
        Path file = tmp.getRoot().toPath().resolve("replay.bin");
        PhotoJpeg.write(sample, file);
        Dataset back = PhotoJpeg.read(file, size);
        assertEquals(labels, back.labelNames());
        assertEquals(6, back.size());
        int[] counts = back.classCounts();
        assertEquals("[2, 2, 2]", Arrays.toString(counts));
        // Same class order per label folder; pixels within JPEG error of the originals.
        for (int c = 0; c < 3; c++) {
            List<Example> a = new ArrayList<>(), b = new ArrayList<>();
            for (Example e : sample.examples()) if (e.label() == c) a.add(e);
            for (Example e : back.examples()) if (e.label() == c) b.add(e);
            for (int i = 0; i < a.size(); i++) {
                double err = 0;
                float[] x = a.get(i).features(), y = b.get(i).features();
                for (int j = 0; j < x.length; j++) err += Math.abs(x[j] - y[j]);
                assertTrue("mean abs pixel error " + err / x.length, err / x.length < 0.02);
            }
        }
    }

    @Test
    public void replayReaderRefusesArchivesThatAreNotReplaySamples() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("Rust/0.jpg"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        try {
            PlantReplay.read(new ByteArrayInputStream(bytes.toByteArray()), new PhotoJpeg(), 32, "x.bin");
            fail("an archive without labels.txt was accepted");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a LocalExpert plant replay sample"));
        }
    }

    static File shipped(String name) {
        File f = new File("../models/plant/" + name);
        return f.isFile() ? f : new File("models/plant/" + name);
    }

    /**
     * k = 5 photos per class of one farm draw, 2 augmented copies each: the mixture must beat the GE
     * on the farm's held-out photos by a wide margin (bench, k = 5: ~70 % → ~95 %) and keep the
     * generic photos of the replay sample with the GE.
     */
    @Test
    public void smallSeededFarmPersonalizationBeatsTheGeOnTheFarmsOtherPhotos() throws Exception {
        File geFile = shipped("plant-ge.tflite"), replayFile = shipped("replay.bin");
        Assume.assumeTrue("the shipped plant GE or its replay sample is missing (" + geFile + ", " + replayFile + ")",
                geFile.isFile() && replayFile.isFile());
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.SUGARCANE_ROSHITAB), DataLocation.has(DataLocation.SUGARCANE_ROSHITAB));
        TfliteModel tflite = TfliteReader.read(geFile.toPath());
        List<String> labels = LocalExpertMetadata.read(tflite).labels();
        GlobalExpert ge = GlobalExpert.of(ModelImporter.toModel(tflite), labels);
        int size = ge.inputShape()[0];
        Dataset farm = ImageFolderDataset.load(DataLocation.require(DataLocation.SUGARCANE_ROSHITAB),
                new ImageFolderDataset.Options(new PhotoPreprocessor(size), new ImageIoDecoder()).labels(labels, false)
                        .labelMap(Collections.singletonMap("RedRust", "Rust"))).dataset();
        PlantSplits.FarmDraw draw = PlantSplits.farmDraw(farm, 5, 0, new ImageIoDecoder());
        Dataset replay = PhotoJpeg.read(replayFile.toPath(), size);
        Personalizer p = new Personalizer(Domain.PLANT, ge, replay, Domain.PLANT.defaults().augmentCopies(2).seed(1).build());
        Personalization result = p.personalize(draw.personalization());
        assertEquals(labels, result.mixture().labels());
        MixtureScore held = MixtureScore.of(result.mixture(), p.features(draw.heldOut(), labels));
        System.out.printf("PlantPersonalizationTest: k=5 draw 0, %d held-out photos: GE %.1f %% → mixture %.1f %%, gate → LE %.0f %%; %s%n",
                held.samples, 100 * held.geAccuracy(), 100 * held.accuracy(), 100 * held.gateShare(), result);
        assertTrue("mixture " + held.accuracy() + " vs GE " + held.geAccuracy(), held.accuracy() >= held.geAccuracy() + 0.10);
        assertTrue("the gate should leave most of the generic replay photos to the GE: " + result.replayGateShare(), result.replayGateShare() < 0.5);
    }
}
