package org.localexpert.app.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import android.content.Context;
import android.os.Environment;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.data.local.LocalExpertDatabase;
import org.localexpert.app.work.MnistSamples;
import org.localexpert.app.work.TestPhone;
import org.localexpert.core.data.Mnist;
import org.localexpert.core.store.IoHooks;
import org.robolectric.annotation.Config;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Privacy (issue #9): a full flow — samples, a plant diagnosis with its photo, training, a personal model, an
 * export to a stream — writes files only in app-private storage; "delete all my data" then leaves no row in any
 * table and no file in any user-data folder.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class PrivacyFlowTest {
    private TestPhone phone;

    @After
    public void tearDown() {
        if (phone != null) phone.close();
    }

    @Test
    public void fullFlowWritesOnlyPrivateFilesAndDeleteAllLeavesNothing() throws Exception {
        List<MnistSamples.Digit> digits = MnistSamples.digits(java.util.Arrays.asList("1", "4", "9"), 6, 0);
        Context context = org.robolectric.RuntimeEnvironment.getApplication();
        File dataDir = context.getFilesDir().getParentFile();
        File[] outside = {dataDir.getParentFile(), context.getExternalFilesDir(null), context.getExternalCacheDir(),
                Environment.getExternalStorageDirectory(), new File(System.getProperty("java.io.tmpdir"), "localexpert")};
        Set<String> before = snapshot(outside, dataDir);

        phone = new TestPhone("privacy", IoHooks.NONE);
        for (MnistSamples.Digit d : digits) phone.container.samples().add(Domain.HANDWRITING, d.label, d.png, SampleRepository.SOURCE_CANVAS);
        phone.container.samples().addLabel(Domain.PLANT, "Leaf scorch");
        DiagnosisRecord d = phone.container.diagnoses().add(new DiagnosisRecord(0, "Rust", 0.9f, "GLOBAL", false, null), SampleRepositoryTest.JPEG);
        phone.container.diagnoses().setNote(d.id, "north field");
        assertEquals("north field", phone.container.diagnoses().list().get(0).note);
        phone.job().run(Domain.HANDWRITING, (p, m) -> { }, () -> false);
        assertTrue(phone.container.models().active(Domain.HANDWRITING).personal);
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        phone.container.models().exportActive(Domain.HANDWRITING, export);
        assertTrue(export.size() > 100_000);

        assertEquals("files outside app-private storage (data dir, external dirs)", before, snapshot(outside, dataDir));
        assertTrue(countFiles(phone.files().root()) > digits.size());

        phone.container.privacy().deleteAllMyData();

        LocalExpertDatabase db = phone.db;
        assertEquals(0, db.samples().all().size());
        assertEquals(0, db.labels().byDomain(Domain.HANDWRITING).size() + db.labels().byDomain(Domain.PLANT).size());
        assertEquals(0, db.diagnoses().all().size());
        assertEquals(0, db.trainingRuns().byDomain(Domain.HANDWRITING).size() + db.trainingRuns().byDomain(Domain.PLANT).size());
        assertEquals(0, db.personalModels().byDomain(Domain.HANDWRITING).size() + db.personalModels().byDomain(Domain.PLANT).size());
        assertEquals("files left: " + list(phone.files().root()), 0, countFiles(phone.files().root()));
        assertFalse(phone.container.models().active(Domain.HANDWRITING).personal);
        assertEquals(1, phone.container.models().history(Domain.HANDWRITING).size());
        // The app still works afterwards, from an empty state.
        phone.container.samples().add(Domain.HANDWRITING, "1", digits.get(0).png, SampleRepository.SOURCE_CANVAS);
        assertEquals(1, phone.container.samples().list(Domain.HANDWRITING).size());
        assertEquals(Mnist.LABELS, phone.container.samples().labels(Domain.HANDWRITING));
    }

    /** Every file under {@code roots}, except inside the app's own data dir (its private storage). */
    private static Set<String> snapshot(File[] roots, File privateDir) {
        Set<String> out = new TreeSet<>();
        for (File r : roots) if (r != null) walk(r, privateDir, out);
        return out;
    }

    private static void walk(File f, File privateDir, Set<String> out) {
        if (f.equals(privateDir)) return;
        if (f.isFile()) {
            out.add(f.getPath() + ":" + f.length());
            return;
        }
        File[] c = f.listFiles();
        if (c != null) for (File x : c) walk(x, privateDir, out);
    }

    private static int countFiles(File f) {
        return list(f).size();
    }

    private static List<String> list(File f) {
        List<String> out = new ArrayList<>();
        if (f.isFile()) out.add(f.getPath());
        File[] c = f.listFiles();
        if (c != null) for (File x : c) out.addAll(list(x));
        return out;
    }
}
