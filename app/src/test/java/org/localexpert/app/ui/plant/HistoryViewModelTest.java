package org.localexpert.app.ui.plant;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.localexpert.app.ui.common.LiveDataNow.now;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import java.util.List;
import java.util.concurrent.Executor;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.localexpert.app.R;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.fake.FakeDiagnosisRepository;
import org.localexpert.app.text.Failure;
import org.robolectric.annotation.Config;

/** HistoryViewModel on its own: a farmer's past diagnoses, newest first; notes and deletions; failures in the screen's words. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class HistoryViewModelTest {
    private final FakeDiagnosisRepository history = new FakeDiagnosisRepository();
    private final Executor direct = Runnable::run;

    private DiagnosisRecord diagnose(String label, boolean unsure) {
        return history.add(new DiagnosisRecord(0, label, 0.9f, "GE", unsure, null), new byte[] {1});
    }

    @Test
    public void theHistoryIsNewestFirst() {
        diagnose("Rust", false);
        diagnose("Healthy", false);
        HistoryViewModel vm = new HistoryViewModel(history, direct);
        vm.refresh();
        List<DiagnosisRecord> rows = now(vm.rows());
        assertEquals(2, rows.size());
        assertEquals("Healthy", rows.get(0).label);
        assertNull(now(vm.error()));
    }

    @Test
    public void aNoteIsTrimmedAndABlankNoteRemovesIt() {
        DiagnosisRecord d = diagnose("Rust", false);
        HistoryViewModel vm = new HistoryViewModel(history, direct);
        vm.setNote(d.id, "  sprayed on Monday ");
        assertEquals("sprayed on Monday", now(vm.rows()).get(0).note);
        vm.setNote(d.id, "   ");
        assertNull(now(vm.rows()).get(0).note);
    }

    @Test
    public void deletingOneDiagnosisKeepsTheOthers() {
        DiagnosisRecord a = diagnose("Rust", false), b = diagnose("unsure photo", true);
        HistoryViewModel vm = new HistoryViewModel(history, direct);
        vm.delete(b.id);
        List<DiagnosisRecord> rows = now(vm.rows());
        assertEquals(1, rows.size());
        assertEquals(a.id, rows.get(0).id);
        assertEquals(1, history.photos.size());
    }

    @Test
    public void failuresSayWhatCouldNotBeDoneAndTheNextSuccessClearsThem() {
        IllegalStateException locked = new IllegalStateException("database locked");
        boolean[] fail = {true};
        FakeDiagnosisRepository flaky = new FakeDiagnosisRepository() {
            @Override
            public synchronized boolean delete(long id) {
                if (fail[0]) throw locked;
                return super.delete(id);
            }

            @Override
            public synchronized List<DiagnosisRecord> list() {
                if (fail[0]) throw locked;
                return super.list();
            }
        };
        DiagnosisRecord d = flaky.add(new DiagnosisRecord(0, "Rust", 0.9f, "GE", false, null), new byte[] {1});
        HistoryViewModel vm = new HistoryViewModel(flaky, direct);
        vm.refresh();
        Failure f = now(vm.error());
        assertEquals(R.string.plant_history_failed_read, f.what);
        assertSame(locked, f.cause);
        vm.delete(d.id);
        assertEquals(R.string.plant_history_failed_delete, now(vm.error()).what);
        fail[0] = false;
        vm.delete(d.id);
        assertNull(now(vm.error()));
        assertEquals(0, now(vm.rows()).size());
    }
}
