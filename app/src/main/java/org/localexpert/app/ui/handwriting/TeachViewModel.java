package org.localexpert.app.ui.handwriting;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.Stroke;

/**
 * "Teach": the app prompts one character (a digit or a label the user added) and the user writes it
 * {@link #REPEATS} times (the minimum a class needs); each drawing is stored as a sample. After a round the prompt moves on to
 * the next character.
 */
public final class TeachViewModel extends ViewModel {
    /** How many times in a row a character is asked for: enough for the minimum per class in one or two rounds. */
    public static final int REPEATS = org.localexpert.app.data.RoomSampleRepository.MINIMUM_PER_CLASS;

    private final SampleRepository samples;
    private final Executor io;
    private final MutableLiveData<List<String>> labels = new MutableLiveData<>(Collections.emptyList());
    private final MutableLiveData<Map<String, Integer>> counts = new MutableLiveData<>(Collections.emptyMap());
    private final MutableLiveData<String> prompt = new MutableLiveData<>();
    private final MutableLiveData<Integer> round = new MutableLiveData<>(0);
    private final MutableLiveData<Notice> notice = new MutableLiveData<>();
    /** The strokes on the canvas, kept here so a rotation (a new view) does not wipe a half-written character. */
    private List<Stroke> strokes = Collections.emptyList();

    public TeachViewModel(SampleRepository samples, Executor io) {
        this.samples = samples;
        this.io = io;
        reload(null);
    }

    public LiveData<List<String>> labels() { return labels; }

    /** Samples stored per label so far. */
    public LiveData<Map<String, Integer>> counts() { return counts; }

    /** The character to write now. */
    public LiveData<String> prompt() { return prompt; }

    /** How many times the prompted character was written in this round (0..REPEATS-1). */
    public LiveData<Integer> round() { return round; }

    public LiveData<Notice> notice() { return notice; }

    /** The strokes drawn so far, for restoring the canvas after a rotation. */
    public List<Stroke> strokes() { return strokes; }

    /** Main thread: the canvas changed (a stroke ended, undo, clear). */
    public void onStrokesChanged(List<Stroke> now) { strokes = now; }

    /** The user picked another character to write. */
    public void choose(String label) {
        prompt.setValue(label);
        round.setValue(0);
    }

    /** Adds a label of the user's own (a letter, a symbol); the repository refuses bad names, saying which rule. */
    public void addLabel(String name) {
        String label = name == null ? "" : name.trim();
        io.execute(() -> {
            try {
                samples.addLabel(Domain.HANDWRITING, label);
                notice.postValue(null); // an earlier refusal no longer applies
                reloadNow(label);
            } catch (RuntimeException e) { // Labels.Refused: a bad name, with the rule it breaks
                notice.postValue(Notice.failed(R.string.teach_label_refused, e));
            }
        });
    }

    /**
     * Stores the drawing as a sample of the prompted character. Returns false (and says why) when
     * there is no character to store; the caller then keeps the canvas.
     */
    public boolean save(List<Stroke> strokes) {
        String label = prompt.getValue();
        if (label == null) return false;
        float[] input;
        try {
            input = HandwritingPreprocessor.fromStrokes(strokes);
        } catch (DataException e) { // nothing drawn that could be a character
            notice.setValue(Notice.hint(R.string.hand_draw_first));
            return false;
        }
        byte[] png = SampleImages.png(input);
        int done = round.getValue() + 1;
        if (done >= REPEATS) {
            round.setValue(0);
            prompt.setValue(next(label));
        } else {
            round.setValue(done);
        }
        io.execute(() -> {
            try {
                samples.add(Domain.HANDWRITING, label, png, SampleRepository.SOURCE_CANVAS);
                notice.postValue(Notice.saved(label));
                counts.postValue(samples.countsByLabel(Domain.HANDWRITING));
            } catch (RuntimeException e) {
                notice.postValue(Notice.failed(R.string.hand_error, e));
            }
        });
        return true;
    }

    private String next(String label) {
        List<String> all = labels.getValue();
        int i = all.indexOf(label);
        return all.isEmpty() ? label : all.get((i + 1) % all.size());
    }

    private void reload(String select) {
        io.execute(() -> {
            try {
                reloadNow(select);
            } catch (RuntimeException e) {
                notice.postValue(Notice.failed(R.string.hand_labels_error, e));
            }
        });
    }

    /** Background thread: labels and counts from the repository; prompts {@code select}, or the first label if none is prompted yet. */
    private void reloadNow(String select) {
        List<String> all = samples.labels(Domain.HANDWRITING);
        Map<String, Integer> c = samples.countsByLabel(Domain.HANDWRITING);
        labels.postValue(all);
        counts.postValue(c);
        String current = select != null ? select : (prompt.getValue() != null ? prompt.getValue() : (all.isEmpty() ? null : all.get(0)));
        if (select != null) round.postValue(0);
        prompt.postValue(current);
    }
}
