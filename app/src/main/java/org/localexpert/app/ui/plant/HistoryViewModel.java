package org.localexpert.app.ui.plant;

import androidx.annotation.StringRes;
import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.util.List;
import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.DiagnosisRepository;
import org.localexpert.app.text.Failure;

/** The diagnosis history, newest first: editing a diagnosis's note, deleting a diagnosis. */
public final class HistoryViewModel extends ViewModel {
    private final DiagnosisRepository history;
    private final Executor io;
    private final MutableLiveData<List<DiagnosisRecord>> rows = new MutableLiveData<>();
    private final MutableLiveData<Failure> error = new MutableLiveData<>();

    public HistoryViewModel(DiagnosisRepository history, Executor io) {
        this.history = history;
        this.io = io;
    }

    public LiveData<List<DiagnosisRecord>> rows() { return rows; }

    public LiveData<Failure> error() { return error; }

    public void refresh() {
        io.execute(() -> {
            try {
                rows.postValue(history.list());
            } catch (RuntimeException e) {
                error.postValue(new Failure(R.string.plant_history_failed_read, e));
            }
        });
    }

    public void setNote(long id, String note) {
        String trimmed = note == null ? null : note.trim();
        change(R.string.plant_history_failed_note, () -> history.setNote(id, trimmed == null || trimmed.isEmpty() ? null : trimmed));
    }

    /** Deletes one diagnosis and its photo. */
    public void delete(long id) {
        change(R.string.plant_history_failed_delete, () -> history.delete(id));
    }

    /** Runs {@code edit} on the io thread, then shows the rows as they are now; {@code what} names it if it fails. */
    private void change(@StringRes int what, Runnable edit) {
        io.execute(() -> {
            try {
                edit.run();
                error.postValue(null);
                rows.postValue(history.list());
            } catch (RuntimeException e) {
                error.postValue(new Failure(what, e));
            }
        });
    }
}
