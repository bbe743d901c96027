package org.localexpert.experiments;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.Assume;
import org.junit.Test;
import org.localexpert.cli.Args;
import org.localexpert.cli.UserError;
import org.localexpert.core.abstain.Familiarity;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.moe.MoeTestModels;
import org.localexpert.core.tflite.LocalExpertMetadata;
import org.localexpert.core.tflite.TfliteReader;

/**
 * {@code bench-unsure-personal --features-at}: a layer the GE does not have is refused in words (and
 * {@code --familiarity-at-ge} without it), and reading the GE's
 * own features layer re-chooses exactly the familiarity cut stored in the file — so a figure at another layer is made
 * the way the shipped rule's was.
 */
public class BenchUnsurePersonalCommandTest {
    @Test
    public void aLayerTheGeDoesNotHaveIsRefused() throws Exception {
        File ge = MoeTestModels.shippedModel("handwriting/handwriting-ge.tflite");
        Assume.assumeTrue("the shipped GE is missing: " + ge, ge.isFile());
        for (String bad : new String[] {"dense7", "logits", "conv2"}) {
            try {
                new BenchUnsurePersonalCommand().run(new Args(new String[] {"--data", "/nonexistent", "--model", ge.getPath(), "--features-at", bad}),
                        new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
                fail(bad + " accepted");
            } catch (UserError e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("--features-at: ") && e.getMessage().contains("'" + bad + "'"));
            }
        }
        try {
            new BenchUnsurePersonalCommand().run(new Args(new String[] {"--data", "/nonexistent", "--model", ge.getPath(), "--familiarity-at-ge"}),
                    new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
            fail("--familiarity-at-ge without --features-at accepted");
        } catch (UserError e) {
            assertEquals("--familiarity-at-ge goes with --features-at LAYER", e.getMessage());
        }
    }

    @Test
    public void theGesOwnLayerReChoosesTheStoredCut() throws Exception {
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.MNIST), DataLocation.has(DataLocation.MNIST));
        Assume.assumeTrue(DataLocation.missingMessage(DataLocation.OMNIGLOT), DataLocation.has(DataLocation.OMNIGLOT));
        File ge = MoeTestModels.shippedModel("handwriting/handwriting-ge.tflite");
        Assume.assumeTrue("the shipped GE is missing: " + ge, ge.isFile());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = new BenchUnsurePersonalCommand().run(new Args(new String[] {"--data", DataLocation.root().getPath(), "--model", ge.getPath(),
                "--alphabets", "Greek,Latin", "--features-at", "dense1"}), new PrintStream(buf, true, "UTF-8"));
        String text = buf.toString(StandardCharsets.UTF_8.name());
        System.out.println(text);
        assertEquals(0, code);
        float stored = Float.parseFloat(LocalExpertMetadata.read(TfliteReader.read(ge.toPath())).properties().get(Familiarity.KEY_VALUE));
        assertTrue(text, text.contains(String.format(Locale.ROOT, "unfamiliar below cosine %.4f", stored)));
        assertTrue(text, text.contains("at 500 features"));
    }
}
