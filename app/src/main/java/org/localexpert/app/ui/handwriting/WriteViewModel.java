package org.localexpert.app.ui.handwriting;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.inference.Predictor;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.Stroke;
import org.localexpert.core.predict.Prediction;

/**
 * "Write": the strokes on the canvas, the prediction for them (renewed after every stroke), and the
 * one-tap correction that stores the drawing as a sample with the right label.
 */
public final class WriteViewModel extends ViewModel {

    /** A prediction together with the input it was made from (what a correction stores). */
    public static final class Result {
        public final Prediction prediction;
        public final float[] input;
        public final String backend;

        Result(Prediction prediction, float[] input, String backend) {
            this.prediction = prediction;
            this.input = input;
            this.backend = backend;
        }
    }

    private final Predictor predictor;
    private final SampleRepository samples;
    private final Executor io;
    private final MutableLiveData<Result> result = new MutableLiveData<>();
    private final MutableLiveData<List<String>> labels = new MutableLiveData<>();
    private final MutableLiveData<Notice> notice = new MutableLiveData<>();
    /** What runs the model (read once in the background: the predictor may have to open the model to know). */
    private volatile String backend = "";
    private List<Stroke> strokes = Collections.emptyList();
    /** Counts drawing changes, so a prediction that arrives after the drawing changed again is dropped. */
    private int generation;

    public WriteViewModel(Predictor predictor, SampleRepository samples, Executor io) {
        this.predictor = predictor;
        this.samples = samples;
        this.io = io;
        io.execute(() -> {
            try {
                labels.postValue(samples.labels(Domain.HANDWRITING));
                backend = predictor.backend(Domain.HANDWRITING);
            } catch (RuntimeException e) {
                notice.postValue(Notice.failed(R.string.hand_labels_error, e));
            }
        });
    }

    /** The latest prediction, null while nothing is drawn. */
    public LiveData<Result> result() { return result; }

    /** The labels a drawing can be corrected to. */
    public LiveData<List<String>> labels() { return labels; }

    /** "Saved as 7" or what went wrong. */
    public LiveData<Notice> notice() { return notice; }

    /** The strokes drawn so far, for restoring the canvas after a rotation. */
    public List<Stroke> strokes() { return strokes; }

    /** Main thread: the canvas changed (a stroke ended, undo, clear). */
    public void onStrokesChanged(List<Stroke> now) {
        strokes = now;
        int g = ++generation;
        if (now.isEmpty()) {
            result.setValue(null);
            return;
        }
        float[] input;
        try {
            input = HandwritingPreprocessor.fromStrokes(now);
        } catch (DataException e) {
            result.setValue(null); // e.g. a single tap too small to be a character
            return;
        }
        predictor.predict(Domain.HANDWRITING, input, p -> {
            if (g == generation) result.setValue(new Result(p, input, backend));
        }, e -> {
            if (g == generation) notice.setValue(Notice.failed(R.string.hand_predict_error, e));
        });
    }

    /**
     * Main thread: the drawing is a {@code label} (the model was wrong, or right and the user confirms):
     * stored as a sample in the background. Returns false when there is nothing to store.
     */
    public boolean correct(String label) {
        Result r = result.getValue();
        if (r == null) return false;
        byte[] png = SampleImages.png(r.input);
        io.execute(() -> {
            try {
                samples.add(Domain.HANDWRITING, label, png, SampleRepository.SOURCE_CANVAS);
                notice.postValue(Notice.saved(label));
            } catch (RuntimeException e) {
                notice.postValue(Notice.failed(R.string.hand_error, e));
            }
        });
        return true;
    }
}
