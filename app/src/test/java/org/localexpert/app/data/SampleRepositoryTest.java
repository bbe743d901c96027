package org.localexpert.app.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.store.FileSystemFaults;
import org.localexpert.core.store.IoHooks;
import org.robolectric.annotation.Config;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Samples: files + rows, the held-out rule, label rules, relabel/delete, orphans, a full disk. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class SampleRepositoryTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
    private TestPhone phone;

    @After
    public void tearDown() {
        if (phone != null) phone.close();
    }

    @Test
    public void heldOutRuleKeepsAFixedSharePerClass() {
        assertEquals(Arrays.asList(false, false, true, false, false, false, true, false, false, false, true),
                Arrays.asList(HeldOutRule.heldOut(0), HeldOutRule.heldOut(1), HeldOutRule.heldOut(2), HeldOutRule.heldOut(3),
                        HeldOutRule.heldOut(4), HeldOutRule.heldOut(5), HeldOutRule.heldOut(6), HeldOutRule.heldOut(7),
                        HeldOutRule.heldOut(8), HeldOutRule.heldOut(9), HeldOutRule.heldOut(10)));
        for (int n = 0; n < 50; n++) {
            int held = 0;
            for (int i = 0; i < n; i++) if (HeldOutRule.heldOut(i)) held++;
            assertEquals(held, HeldOutRule.heldOutCount(n));
            if (n >= 3) assertTrue("at least one held out of " + n, held >= 1);
            if (n >= 5) assertTrue("at most a third held out of " + n, held * 3 <= n);
        }
    }

    @Test
    public void addStoresFileThenRowAndAssignsHeldOutPerClass() throws Exception {
        phone = new TestPhone("samples", IoHooks.NONE);
        SampleRepository samples = phone.container.samples();
        for (int i = 0; i < 7; i++) samples.add(Domain.HANDWRITING, "7", PNG, SampleRepository.SOURCE_CANVAS);
        for (int i = 0; i < 3; i++) samples.add(Domain.HANDWRITING, "a", PNG, SampleRepository.SOURCE_CANVAS);
        SampleRecord photo = samples.add(Domain.PLANT, "Rust", JPEG, SampleRepository.SOURCE_CAMERA);
        List<SampleRecord> hand = samples.list(Domain.HANDWRITING);
        assertEquals(10, hand.size());
        int held7 = 0, heldA = 0;
        for (SampleRecord s : hand) {
            File f = samples.imageFile(s);
            assertTrue(f.isFile());
            assertTrue("inside the app's files", f.getCanonicalPath().startsWith(phone.files().root().getCanonicalPath()));
            assertTrue(Arrays.equals(PNG, Files.readAllBytes(f.toPath())));
            if (s.heldOut && s.label.equals("7")) held7++;
            if (s.heldOut && s.label.equals("a")) heldA++;
        }
        assertEquals(2, held7);
        assertEquals(1, heldA);
        assertTrue(photo.file.endsWith(".jpg"));
        Map<String, Integer> counts = samples.countsByLabel(Domain.HANDWRITING);
        assertEquals(Integer.valueOf(7), counts.get("7"));
        assertEquals(Integer.valueOf(3), counts.get("a"));
        List<String> labels = samples.labels(Domain.HANDWRITING);
        assertEquals("GE digits first", "0", labels.get(0));
        assertTrue("a label that came with samples is offered", labels.contains("a"));
        assertEquals(11, labels.size());
        assertEquals(5, samples.minimumPerClass(Domain.HANDWRITING));
        assertTrue(samples.labels(Domain.PLANT).contains("Rust"));

        samples.relabel(hand.get(0).id, "b");
        assertEquals(Integer.valueOf(1), samples.countsByLabel(Domain.HANDWRITING).get("b"));
        samples.delete(hand.get(1).id);
        assertFalse(samples.imageFile(hand.get(1)).exists());
        assertEquals(9, samples.list(Domain.HANDWRITING).size());
        String[] temps = phone.files().samples(Domain.HANDWRITING).list((d, n) -> n.endsWith(".lxtmp"));
        assertEquals(0, temps.length);
    }

    @Test
    public void badLabelsAndImagesAreRefusedWithAReadableMessageAndNothingStored() {
        phone = new TestPhone("bad-labels", IoHooks.NONE);
        SampleRepository samples = phone.container.samples();
        String[] bad = {"", "   ", "a/b", "..\\x", "..", "tab\there", "new\nline", "bell\u0007", "rtl\u202Eoverride", "x".repeat(41), null};
        for (String label : bad) {
            try {
                samples.addLabel(Domain.HANDWRITING, label);
                fail("accepted label " + label);
            } catch (IllegalArgumentException e) {
                assertTrue("the screen is told which rule the name breaks: " + e, e instanceof org.localexpert.app.data.Labels.Refused);
            }
            try {
                samples.add(Domain.HANDWRITING, label, PNG, SampleRepository.SOURCE_CANVAS);
                fail("stored a sample labelled " + label);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
        samples.addLabel(Domain.HANDWRITING, "  ß ");
        samples.addLabel(Domain.HANDWRITING, "日本");
        assertTrue(samples.labels(Domain.HANDWRITING).contains("ß"));
        assertTrue(samples.labels(Domain.HANDWRITING).contains("日本"));
        for (byte[] image : new byte[][] {null, new byte[0], "GIF89a....".getBytes()}) {
            try {
                samples.add(Domain.HANDWRITING, "7", image, SampleRepository.SOURCE_CANVAS);
                fail("stored a bad image");
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
        try {
            samples.add("music", "7", PNG, SampleRepository.SOURCE_CANVAS);
            fail();
        } catch (IllegalArgumentException expected) {
            // refused
        }
        assertEquals(0, samples.list(Domain.HANDWRITING).size());
        String[] files = phone.files().samples(Domain.HANDWRITING).list();
        assertEquals(0, files == null ? 0 : files.length);
    }

    @Test
    public void aFullDiskLosesNothingAndAnOrphanFileIsRemovedAtStart() throws Exception {
        phone = new TestPhone("disk", IoHooks.NONE);
        SampleRecord kept = phone.container.samples().add(Domain.HANDWRITING, "1", PNG, SampleRepository.SOURCE_CANVAS);
        phone.restart(FileSystemFaults.diskFullAt(1));
        try {
            phone.container.samples().add(Domain.HANDWRITING, "1", PNG, SampleRepository.SOURCE_CANVAS);
            fail("the disk was full");
        } catch (UncheckedIOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("No space left on device") && e.getMessage().contains("nothing was stored"));
        }
        assertEquals(1, phone.container.samples().list(Domain.HANDWRITING).size());
        String[] names = phone.files().samples(Domain.HANDWRITING).list();
        assertEquals("no temporary left", 1, names.length);
        // A crash between the file and its row leaves an orphan: the next start removes it, keeps the rest.
        File orphan = new File(phone.files().samples(Domain.HANDWRITING), "orphan.png");
        Files.write(orphan.toPath(), PNG);
        phone.restart(IoHooks.NONE);
        phone.samples().removeOrphans(); // also runs by itself at start-up; synchronized with it
        assertFalse(orphan.exists());
        assertTrue(phone.container.samples().imageFile(kept).isFile());
    }
}
