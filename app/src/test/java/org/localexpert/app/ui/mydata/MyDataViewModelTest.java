package org.localexpert.app.ui.mydata;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.localexpert.app.ui.common.LiveDataNow.now;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.fake.FakeDiagnosisRepository;
import org.localexpert.app.fake.FakeModelRepository;
import org.localexpert.app.fake.FakePrivacyRepository;
import org.localexpert.app.fake.FakeSampleRepository;
import org.localexpert.app.text.Failure;
import org.robolectric.annotation.Config;

/**
 * MyDataViewModel on its own (no Fragment): fakes at the repository seam, a direct executor for the io work, the main
 * looper run by hand for what is posted. The screen where a user sees, fixes, exports and deletes what they taught.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class MyDataViewModelTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeSampleRepository samples;
    private final FakeModelRepository models = new FakeModelRepository();
    private final FakeDiagnosisRepository diagnoses = new FakeDiagnosisRepository();
    private FakePrivacyRepository privacy;
    private final Executor direct = Runnable::run;

    @Before
    public void setUp() throws IOException {
        samples = new FakeSampleRepository(tmp.newFolder("samples"));
        privacy = new FakePrivacyRepository(samples, models, diagnoses);
    }

    private MyDataViewModel vm() {
        return new MyDataViewModel(samples, models, privacy, direct);
    }

    private SampleRecord add(String domain, String label) {
        return samples.add(domain, label, new byte[] {1, 2, 3}, SampleRepository.SOURCE_CANVAS);
    }

    @Test
    public void showingADomainListsItsSamplesAndLabelsOnly() {
        add(Domain.HANDWRITING, "7");
        add(Domain.PLANT, "rust");
        MyDataViewModel vm = vm();
        vm.show(Domain.HANDWRITING);
        List<SampleRecord> rows = now(vm.rows());
        assertEquals(1, rows.size());
        assertEquals("7", rows.get(0).label);
        assertEquals(FakeSampleRepository.DIGITS, now(vm.labels()));
        assertEquals(Domain.HANDWRITING, vm.domain());
        assertNull(now(vm.failure()));
    }

    @Test
    public void relabelAndDeleteChangeOneSampleAndTheListFollows() {
        SampleRecord a = add(Domain.HANDWRITING, "1"), b = add(Domain.HANDWRITING, "7");
        MyDataViewModel vm = vm();
        vm.show(Domain.HANDWRITING);
        vm.relabel(a.id, "4");
        assertEquals("4", now(vm.rows()).get(0).label);
        vm.delete(b.id);
        List<SampleRecord> rows = now(vm.rows());
        assertEquals(1, rows.size());
        assertEquals(a.id, rows.get(0).id);
    }

    @Test
    public void aRefusedLabelIsAFailureAndTheEarlierFailureClearsOnTheNextSuccess() {
        SampleRecord a = add(Domain.HANDWRITING, "1");
        MyDataViewModel vm = vm();
        vm.show(Domain.HANDWRITING);
        vm.relabel(a.id, "a/b");
        Failure f = now(vm.failure());
        assertNotNull(f);
        assertEquals(R.string.mydata_failed_change, f.what);
        assertEquals("the sample kept its label", "1", now(vm.rows()).get(0).label);
        vm.relabel(a.id, "2");
        assertNull("a later success clears the failure", now(vm.failure()));
        assertEquals("2", now(vm.rows()).get(0).label);
    }

    @Test
    public void deleteAllRemovesEverythingAndSaysSo() {
        add(Domain.HANDWRITING, "1");
        add(Domain.PLANT, "rust");
        models.addPersonal(Domain.PLANT, 0.6f, 0.9f, null);
        MyDataViewModel vm = vm();
        vm.show(Domain.PLANT);
        vm.deleteAll("All your data was deleted.");
        assertEquals(1, privacy.deletions);
        assertTrue(now(vm.rows()).isEmpty());
        assertEquals("All your data was deleted.", now(vm.message()));
        assertNull(now(vm.failure()));
        assertTrue("the personal model is gone too", !models.active(Domain.PLANT).personal);
    }

    @Test
    public void exportWritesTheActiveModelOrSaysWhyItCouldNot() {
        MyDataViewModel vm = vm();
        vm.show(Domain.HANDWRITING);
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        vm.export(() -> doc, "Model saved.");
        assertTrue(new String(doc.toByteArray(), StandardCharsets.UTF_8).startsWith("fake model "));
        assertEquals("Model saved.", now(vm.message()));
        assertNull(now(vm.failure()));

        vm.export(() -> null, "Model saved.");
        Failure f = now(vm.failure());
        assertEquals(R.string.mydata_failed_export, f.what);
        assertTrue(f.cause.getMessage(), f.cause.getMessage().contains("cannot be written"));
        assertNull("one notice at a time", now(vm.message()));
    }

    @Test
    public void samplesThatCannotBeReadAreAFailureInTheReadWords() {
        IllegalStateException closed = new IllegalStateException("database closed");
        FakeSampleRepository failing = new FakeSampleRepository(tmp.getRoot()) {
            @Override
            public synchronized List<SampleRecord> list(String domain) {
                throw closed;
            }
        };
        MyDataViewModel vm = new MyDataViewModel(failing, models, privacy, direct);
        vm.show(Domain.HANDWRITING);
        Failure f = now(vm.failure());
        assertEquals(R.string.mydata_failed_read, f.what);
        assertSame(closed, f.cause);
    }
}
