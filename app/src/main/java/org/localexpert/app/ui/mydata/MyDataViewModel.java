package org.localexpert.app.ui.mydata;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.PrivacyRepository;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;

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

    /** The outcome of the last action (or why it failed), for a short notice. */
    public LiveData<String> message() { return message; }

    public String domain() { return domain; }

    public void show(String domain) {
        this.domain = Domain.check(domain);
        refresh();
    }

    public void refresh() {
        run(() -> { }, domain);
    }

    public void relabel(long id, String label) {
        run(() -> samples.relabel(id, label), domain);
    }

    public void delete(long id) {
        run(() -> samples.delete(id), domain);
    }

    /** Removes every sample, photo, diagnosis and personal model; {@code done} is the notice shown afterwards. */
    public void deleteAll(String done) {
        run(() -> {
            privacy.deleteAllMyData();
            message.postValue(done);
        }, domain);
    }

    /** Writes the active model of the current domain to the stream the user's chosen document opens. */
    public void export(Callable<OutputStream> open, String done) {
        String d = domain;
        io.execute(() -> {
            try (OutputStream out = open.call()) {
                if (out == null) throw new IOException("the chosen document cannot be written");
                models.exportActive(d, out);
                message.postValue(done);
            } catch (Exception e) {
                message.postValue(e.getMessage());
            }
        });
    }

    /** Runs {@code action} on the io thread, then reloads the list and labels of {@code d}. */
    private void run(Runnable action, String d) {
        io.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                message.postValue(e.getMessage());
            }
            try {
                rows.postValue(samples.list(d));
                labels.postValue(samples.labels(d));
            } catch (RuntimeException e) {
                message.postValue(e.getMessage());
            }
        });
    }
}
