package org.localexpert.core.tflite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.localexpert.core.moe.MoeTestModels;

public class PersonalModelCheckTest {
    private static final List<String> GE = Arrays.asList("a", "b", "c", "d", "e");
    /** The GE's labels and two the user taught. */
    private static final List<String> UNION = Arrays.asList("a", "b", "c", "d", "e", "f", "g");

    private static TfliteModel ge() {
        return ModelExporter.export(TestModels.tinyGe());
    }

    /** A mixture file on {@code ge} as the app writes one. */
    private static byte[] mixture(TfliteModel ge) throws Exception {
        int[] taught = new int[UNION.size()];
        Arrays.fill(taught, 1);
        return MoeTestModels.file(MoeTestModels.randomMixture(ge, GE, UNION, 2), GeHash.of(ge), taught);
    }

    private static void expect(byte[] file, String geHash, String message) throws Exception {
        try {
            PersonalModelCheck.verify(file, geHash);
            fail("expected: " + message);
        } catch (IncompatibleModelException | TfliteFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    @Test
    public void aGoodMixturePasses() throws Exception {
        TfliteModel ge = ge();
        LocalExpertMetadata meta = PersonalModelCheck.verify(mixture(ge), GeHash.of(ge));
        assertEquals("mixture", meta.role());
        assertEquals(7, meta.labels().size());
    }

    @Test
    public void eachFailureSaysWhy() throws Exception {
        TfliteModel ge = ge();
        byte[] good = mixture(ge);
        expect(good, GeHash.of(TestModels.smallCnn(3)), "personalize again");
        expect(Arrays.copyOf(good, 100), GeHash.of(ge), "");
        expect(TfliteWriter.write(TestModels.smallCnn(1)), GeHash.of(ge), "no LocalExpert metadata");

        TfliteModel wrongLabels = TfliteReader.read(good);
        LocalExpertMetadata.read(wrongLabels).labels(Arrays.asList("x", "y")).writeTo(wrongLabels);
        expect(TfliteWriter.write(wrongLabels), GeHash.of(ge), "outputs 7 classes but its metadata lists 2 labels");

        TfliteModel notGpu = TfliteReader.read(good);
        notGpu.operatorCodes().set(0, TfliteOperatorCode.builtin(notGpu.operatorCodes().get(0).builtinCode(), 3));
        expect(TfliteWriter.write(notGpu), GeHash.of(ge), "would not run on the GPU delegate");
    }
}
