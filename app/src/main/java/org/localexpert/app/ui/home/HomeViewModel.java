package org.localexpert.app.ui.home;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.text.Failure;

/** The home screen's state: the model each domain runs now (the shipped GE or the user's own). */
public final class HomeViewModel extends ViewModel {
    private final ModelRepository models;
    private final Executor io;
    private final MutableLiveData<ModelInfo> handwriting = new MutableLiveData<>();
    private final MutableLiveData<ModelInfo> plant = new MutableLiveData<>();
    private final MutableLiveData<Failure> error = new MutableLiveData<>();

    public HomeViewModel(ModelRepository models, Executor io) {
        this.models = models;
        this.io = io;
    }

    public LiveData<ModelInfo> handwriting() { return handwriting; }

    public LiveData<ModelInfo> plant() { return plant; }

    /** Why the models could not be read (e.g. a damaged model store), else null. */
    public LiveData<Failure> error() { return error; }

    /** Reads the active models again: called whenever the screen comes back (a training may have finished). */
    public void refresh() {
        io.execute(() -> {
            try {
                handwriting.postValue(models.active(Domain.HANDWRITING));
                plant.postValue(models.active(Domain.PLANT));
                error.postValue(null);
            } catch (RuntimeException e) {
                error.postValue(new Failure(R.string.home_failed, e));
            }
        });
    }
}
