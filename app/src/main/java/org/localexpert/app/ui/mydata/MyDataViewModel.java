package org.localexpert.app.ui.mydata;

import androidx.annotation.StringRes;
import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.PrivacyRepository;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.text.Failure;

/**
 * My data: the samples of one domain, relabel and delete one, delete everything (rows and files, through
 * {@link PrivacyRepository}), and export the active model to a document the user chose.
 */
public final class MyDataViewModel extends ViewModel {
    private final SampleRepository samples;
    private final ModelRepository models;
    private final PrivacyRepository privacy;
    private final Executor io;
    private final MutableLiveData<List<SampleRecord>> rows = new MutableLiveData<>();
    private final MutableLiveData<List<String>> labels = new MutableLiveData<>();
    private final MutableLiveData<String> message = new MutableLiveData<>();
    private final MutableLiveData<Failure> failure = new MutableLiveData<>();
    private volatile String domain = Domain.PLANT;

    public MyDataViewModel(SampleRepository samples, ModelRepository models, PrivacyRepository privacy, Executor io) {
        this.samples = samples;
        this.models = models;
        this.privacy = privacy;
        this.io = io;
    }

    public LiveData<List<SampleRecord>> rows() { return rows; }

    /** The labels a sample of the current domain can be given. */
    public LiveData<List<String>> labels() { return labels; }

    /** What the last action did, in the words the screen gave it (e.g. "All your data was deleted."), else null. */
    public LiveData<String> message() { return message; }

    /** What the last action could not do, and why, else null. */
    public LiveData<Failure> failure() { return failure; }

    public String domain() { return domain; }

    public void show(String domain) {
        this.domain = Domain.check(domain);
        refresh();
    }

    public void refresh() {
        run(R.string.mydata_failed_read, () -> { }, domain);
    }

    public void relabel(long id, String label) {
        run(R.string.mydata_failed_change, () -> samples.relabel(id, label), domain);
    }

    public void delete(long id) {
        run(R.string.mydata_failed_change, () -> samples.delete(id), domain);
    }

    /** Removes every sample, photo, diagnosis and personal model; {@code done} is the notice shown afterwards. */
    public void deleteAll(String done) {
        run(R.string.mydata_failed_delete_all, () -> {
            privacy.deleteAllMyData();
            show(done, null);
        }, domain);
    }

    /** Writes the active model of the current domain to the stream the user's chosen document opens. */
    public void export(Callable<OutputStream> open, String done) {
        String d = domain;
        io.execute(() -> {
            try (OutputStream out = open.call()) {
                if (out == null) throw new IOException("the chosen document cannot be written");
                models.exportActive(d, out);
                show(done, null);
            } catch (Exception e) {
                show(null, new Failure(R.string.mydata_failed_export, e));
            }
        });
    }

    /** Runs {@code action} on the io thread ({@code what}: what could not be done if it fails), then reloads the list and labels of {@code d}. */
    private void run(@StringRes int what, Runnable action, String d) {
        io.execute(() -> {
            try {
                action.run();
                failure.postValue(null); // an earlier failure no longer applies
            } catch (RuntimeException e) {
                show(null, new Failure(what, e));
            }
            try {
                rows.postValue(samples.list(d));
                labels.postValue(samples.labels(d));
            } catch (RuntimeException e) {
                show(null, new Failure(R.string.mydata_failed_read, e));
            }
        });
    }

    /** One notice at a time: a new outcome replaces the other kind. */
    private void show(String done, Failure failed) {
        message.postValue(done);
        failure.postValue(failed);
    }
}
