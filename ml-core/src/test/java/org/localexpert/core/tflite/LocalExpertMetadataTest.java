package org.localexpert.core.tflite;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class LocalExpertMetadataTest {

    private static LocalExpertMetadata sample(String geHash) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("Healthy", 10);
        counts.put("Rust \"red\"", 12);
        return new LocalExpertMetadata().domain("plant").role("mixture").modelVersion("3")
                .labels(Arrays.asList("Healthy", "Rust \"red\"", "Ünïcode\n"))
                .normalization(new float[] {127.5f, 127.5f, 127.5f}, new float[] {127.5f, 127.5f, 127.5f})
                .geHash(geHash).trainingData("my farm, 22 photos").sampleCounts(counts)
                .created("2026-11-24T10:00:00Z").property("unsure_threshold", "0.62");
    }

    @Test
    public void survivesTheFileRoundTrip() throws Exception {
        TfliteModel model = TestModels.smallCnn(1);
        sample("sha256-weights:ab").writeTo(model);
        TfliteModel back = TfliteReader.read(TfliteWriter.write(model));
        LocalExpertMetadata m = LocalExpertMetadata.read(back);
        assertEquals("plant", m.domain());
        assertEquals("mixture", m.role());
        assertEquals("3", m.modelVersion());
        assertEquals(Arrays.asList("Healthy", "Rust \"red\"", "Ünïcode\n"), m.labels());
        assertArrayEquals(new float[] {127.5f, 127.5f, 127.5f}, m.inputStd(), 0f);
        assertEquals("sha256-weights:ab", m.geHash());
        assertEquals(Integer.valueOf(12), m.sampleCounts().get("Rust \"red\""));
        assertEquals("2026-11-24T10:00:00Z", m.created());
        assertEquals("0.62", m.properties().get("unsure_threshold"));
        assertEquals(sample("sha256-weights:ab").toJson(), m.toJson());
        // Writing it again replaces rather than duplicates the entry.
        sample("sha256-weights:cd").writeTo(back);
        assertEquals(2, back.metadata().size());
        assertEquals("sha256-weights:cd", LocalExpertMetadata.read(back).geHash());
    }

    @Test
    public void absentMetadataReadsAsNull() throws Exception {
        TfliteModel model = TestModels.smallCnn(1);
        assertNull(LocalExpertMetadata.read(model));
    }

    @Test
    public void brokenJsonIsAFormatError() {
        for (String bad : new String[] {"", "{", "[1,2]", "{\"format\":2}", "{\"format\":1,\"labels\":[1]}",
                "{\"format\":1,\"input\":{\"mean\":[1],\"std\":[0]}}", "{\"format\":1}x",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"}) {
            try {
                LocalExpertMetadata.fromJson(bad);
                fail("accepted " + bad);
            } catch (TfliteFormatException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("metadata 'localexpert'"));
            }
        }
    }

    @Test
    public void geHashFollowsWeightsNotMetadata() throws Exception {
        TfliteModel ge = TestModels.smallCnn(1);
        String h = GeHash.of(ge);
        assertTrue(h.matches("sha256-weights:[0-9a-f]{64}"));
        sample(h).writeTo(ge);
        ge.setDescription("another description");
        assertEquals("metadata and description do not change the GE's identity", h, GeHash.of(TfliteReader.read(TfliteWriter.write(ge))));
        assertNotEquals("other weights, other GE", h, GeHash.of(TestModels.smallCnn(2)));
    }

    @Test
    public void personalModelForAnotherGeIsRefused() throws Exception {
        String installed = GeHash.of(TestModels.smallCnn(1));
        String other = GeHash.of(TestModels.smallCnn(2));
        sample(installed).requireTrainedAgainst(installed);
        try {
            sample(other).requireTrainedAgainst(installed);
            fail();
        } catch (IncompatibleModelException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("trained against global expert " + other.substring(0, 30)));
            assertTrue(e.getMessage(), e.getMessage().contains("personalize again"));
        }
        try {
            sample(null).requireTrainedAgainst(installed);
            fail();
        } catch (IncompatibleModelException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("does not say"));
        }
    }
}
