package org.localexpert.app.ui.plant;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.util.List;
import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.DiagnosisRepository;
import org.localexpert.app.text.Failure;

/** The diagnosis history, newest first, and editing a diagnosis's note. */
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
        io.execute(() -> {
            try {
                history.setNote(id, trimmed == null || trimmed.isEmpty() ? null : trimmed);
                rows.postValue(history.list());
            } catch (RuntimeException e) {
                error.postValue(new Failure(R.string.plant_history_failed_note, e));
            }
        });
    }
}
