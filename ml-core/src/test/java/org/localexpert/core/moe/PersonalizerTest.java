package org.localexpert.core.moe;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.model.Model;
import org.localexpert.core.tensor.Tensor;
import org.localexpert.core.train.Trainer;

public class PersonalizerTest {
    /** User samples: "1" (a vertical stroke), and the new classes "X" and "H". */
    private static Dataset strokesUser(int perClass, long seed) {
        Random r = new Random(seed);
        List<String> labels = Arrays.asList("1", "X", "H");
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            ex.add(new Example(MoeTestModels.letter("I", r), Mnist.SHAPE, 0));
            ex.add(new Example(MoeTestModels.letter("X", r), Mnist.SHAPE, 1));
            ex.add(new Example(MoeTestModels.letter("H", r), Mnist.SHAPE, 2));
        }
        return new Dataset(ex, labels, Mnist.SHAPE);
    }

    private static Personalizer personalizer(Model ge) {
        return new Personalizer(Domain.HANDWRITING, GlobalExpert.of(ge, Mnist.LABELS), MoeTestModels.noiseDigits(100, 11),
                PersonalizationOptions.builder().seed(3).build());
    }

    @Test
    public void theGlobalExpertStaysBitIdentical() {
        Model ge = MoeTestModels.tinyGe(5);
        Map<String, Tensor> before = Trainer.snapshot(ge);
        Personalization p = personalizer(ge).personalize(strokesUser(6, 1));
        Map<String, Tensor> after = Trainer.snapshot(ge);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertArrayEquals(k, before.get(k).data(), after.get(k).data(), 0f);
        // ... and the mixture's copy of the GE holds the same weights, frozen.
        Model mix = p.mixture().model();
        for (String k : before.keySet()) {
            Tensor copy = mix.state().get("ge/" + k);
            assertArrayEquals(k, before.get(k).data(), copy.data(), 0f);
        }
        for (org.localexpert.core.tensor.Parameter param : mix.parameters()) assertTrue(param.name(), param.frozen());
    }

    @Test
    public void newClassesExtendTheLabelSetAndAreLearned() {
        Personalizer p = personalizer(MoeTestModels.tinyGe(6));
        Personalization result = p.personalize(strokesUser(10, 2));
        Mixture m = result.mixture();
        List<String> expected = new ArrayList<>(Mnist.LABELS);
        expected.addAll(Arrays.asList("X", "H"));
        assertEquals(expected, m.labels());
        assertEquals(2, result.newClasses());
        Dataset fresh = strokesUser(10, 99);
        MixtureScore s = MixtureScore.of(m, p.features(fresh, m.labels()));
        // The GE cannot name X or H at all; the mixture must.
        assertTrue("GE errors " + s.geErrors, s.geErrors >= 20);
        assertTrue("mixture accuracy " + s.accuracy(), s.accuracy() >= 0.8);
        assertTrue("gate share " + s.gateShare(), s.gateShare() >= 0.8);
        // GE probabilities are zero on the new classes.
        Tensor[] out = m.runHead(p.features(fresh, m.labels()));
        for (int i = 0; i < fresh.size(); i++) {
            assertEquals(0f, out[Mixture.GE_PROBABILITIES].data()[i * 12 + 10], 0f);
            assertEquals(0f, out[Mixture.GE_PROBABILITIES].data()[i * 12 + 11], 0f);
        }
    }

    @Test
    public void aGeReadBelowItsClassifierTeachesFromThoseFeatures() {
        GlobalExpert whole = GlobalExpert.of(MoeTestModels.tinyGe(6), Mnist.LABELS);
        GlobalExpert below = whole.readingFeaturesAt("flatten");
        assertTrue(whole.classifierReadsFeatures());
        assertTrue(!below.classifierReadsFeatures());
        assertEquals(whole.model().node("flatten").shape()[0], below.featureSize());
        assertTrue(below.featureSize() != whole.featureSize());
        assertTrue(whole.readingFeaturesAt("dense1") == whole);
        for (String bad : new String[] {"no-such-layer", "conv2", "logits"}) {
            try {
                whole.readingFeaturesAt(bad);
                fail(bad + " accepted as features");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("'" + bad + "'"));
            }
        }
        Personalizer p = new Personalizer(Domain.HANDWRITING, below, MoeTestModels.noiseDigits(100, 11), PersonalizationOptions.builder().seed(3).build());
        Personalization result = p.personalize(strokesUser(10, 2));
        // The local expert reads the 800-wide layer (no GE head to start from), and still learns the new letters.
        assertEquals(below.featureSize(), p.trainLocalExpert(p.features(strokesUser(10, 2))).inFeatures());
        MixtureScore s = MixtureScore.of(result.mixture(), p.features(strokesUser(10, 99), result.mixture().labels()));
        assertTrue("mixture accuracy " + s.accuracy(), s.accuracy() >= 0.8);
    }

    @Test
    public void sameSeedSameMixture() {
        Model ge = MoeTestModels.tinyGe(7);
        Model a = personalizer(ge).personalize(strokesUser(5, 3)).mixture().model();
        Model b = personalizer(ge).personalize(strokesUser(5, 3)).mixture().model();
        for (String k : a.state().keySet()) assertArrayEquals(k, a.state().get(k).data(), b.state().get(k).data(), 0f);
    }

    @Test
    public void unusableSamplesAreRefusedWithOneLine() {
        Personalizer p = personalizer(MoeTestModels.tinyGe(8));
        Dataset user = strokesUser(4, 4);
        expectRefusal(p, new Dataset(new ArrayList<>(), user.labelNames(), Mnist.SHAPE), "no drawings");
        expectRefusal(p, user.filter(e -> e.label() == 1), "only one class");
        List<Example> fewH = new ArrayList<>(user.filter(e -> e.label() != 2).examples());
        fewH.add(user.filter(e -> e.label() == 2).get(0));
        expectRefusal(p, new Dataset(fewH, user.labelNames(), Mnist.SHAPE), "class 'H' has 1 drawing");
    }

    @Test
    public void optionsOutsideTheirRangesAreRefusedWithTheRange() {
        String[][] cases = {{"copies", "0..32"}, {"margin", "[0, 1)"}, {"target", "(0.5, 1]"}, {"threads", ">= 1"}};
        for (String[] c : cases) {
            try {
                PersonalizationOptions.Builder b = PersonalizationOptions.builder();
                switch (c[0]) {
                    case "copies": b.augmentCopies(33); break;
                    case "margin": b.duelMargin(Float.NaN); break;
                    case "target": b.userGateTarget(0.5f); break;
                    default: b.threads(0); break;
                }
                fail(c[0] + ": expected a refusal");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(c[1]));
            }
        }
        assertEquals(PersonalizationDesign.SHIPPED, PersonalizationOptions.builder().build().design());
    }

    private static void expectRefusal(Personalizer p, Dataset d, String part) {
        try {
            p.personalize(d);
            fail("expected a refusal containing '" + part + "'");
        } catch (PersonalizationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(part));
            assertTrue(e.getMessage(), !e.getMessage().contains("\n"));
        }
    }

    @Test
    public void replaySampleIsBalancedSeededAndRoundTrips() throws Exception {
        Dataset pool = MoeTestModels.noiseDigits(500, 12);
        Dataset a = ReplaySample.select(pool, 7, 1), b = ReplaySample.select(pool, 7, 1), c = ReplaySample.select(pool, 7, 2);
        assertEquals(70, a.size());
        for (int n : a.classCounts()) assertEquals(7, n);
        for (int i = 0; i < a.size(); i++) assertTrue(a.get(i) == b.get(i));
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) differs |= a.get(i) != c.get(i);
        assertTrue("another seed draws another sample", differs);
        Path f = Files.createTempFile("replay", ".bin");
        try {
            ReplaySample.write(a, f);
            Dataset back = ReplaySample.read(f);
            assertEquals(a.labelNames(), back.labelNames());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).label(), back.get(i).label());
                assertArrayEquals(a.get(i).features(), back.get(i).features(), 0f);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
