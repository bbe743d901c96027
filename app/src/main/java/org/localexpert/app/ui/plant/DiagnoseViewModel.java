package org.localexpert.app.ui.plant;

import android.graphics.Bitmap;
import android.os.Handler;
import android.os.Looper;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.localexpert.app.R;
import org.localexpert.app.data.AndroidImageDecoder;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.DiagnosisRepository;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelRepository;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.inference.Predictor;
import org.localexpert.app.text.Failure;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.PhotoPreprocessor;
import org.localexpert.core.explain.GradCam;
import org.localexpert.core.explain.HeatmapOverlay;
import org.localexpert.core.predict.Prediction;

/**
 * The diagnose screen's work, off the main thread: photo bytes → decoded upright pixels
 * ({@link AndroidImageDecoder}) → model input ({@link PhotoPreprocessor}, the host's resize) → {@link Predictor}
 * → the answer on screen at once, then the Grad-CAM picture ({@link PlantExplainer} + {@link HeatmapOverlay})
 * and a history entry. Confirming or correcting the label stores the photo as a sample of the user's farm.
 */
public final class DiagnoseViewModel extends ViewModel {
    private final Predictor predictor;
    private final ModelRepository models;
    private final SampleRepository samples;
    private final DiagnosisRepository history;
    private final Executor io;
    private final Supplier<File> scratch;
    private final PlantExplainer explainer = new PlantExplainer();
    private final AndroidImageDecoder decoder = new AndroidImageDecoder();
    private final Handler main = new Handler(Looper.getMainLooper());

    private final MutableLiveData<Diagnosis> diagnosis = new MutableLiveData<>();
    private final MutableLiveData<Boolean> working = new MutableLiveData<>(false);
    private final MutableLiveData<Failure> error = new MutableLiveData<>();
    private final MutableLiveData<String> saved = new MutableLiveData<>();
    private final MutableLiveData<List<String>> labels = new MutableLiveData<>();

    /** {@code scratch}: a private cache file the photo is written to for decoding (asked for on the io thread). */
    public DiagnoseViewModel(Predictor predictor, ModelRepository models, SampleRepository samples, DiagnosisRepository history,
                             Executor io, Supplier<File> scratch) {
        this.predictor = predictor;
        this.models = models;
        this.samples = samples;
        this.history = history;
        this.io = io;
        this.scratch = scratch;
        io.execute(() -> {
            try {
                labels.postValue(samples.labels(Domain.PLANT));
            } catch (RuntimeException e) {
                error.postValue(new Failure(R.string.plant_failed_labels, e));
            }
        });
    }

    public LiveData<Diagnosis> diagnosis() { return diagnosis; }

    public LiveData<Boolean> working() { return working; }

    /** What failed and why (the screen words it), else null. */
    public LiveData<Failure> error() { return error; }

    /** The label (its id) just saved as a sample, else null. */
    public LiveData<String> saved() { return saved; }

    /** The labels a correction can choose from (the GE's and the user's own). */
    public LiveData<List<String>> labels() { return labels; }

    /** Diagnoses the photo read by {@code open} (a gallery stream or a camera file); {@code source}: camera or gallery. */
    public void diagnose(Callable<InputStream> open, String source) {
        working.setValue(true);
        error.setValue(null);
        saved.setValue(null);
        io.execute(() -> {
            try {
                byte[] bytes;
                try (InputStream in = open.call()) {
                    if (in == null) throw new IOException("the photo could not be opened");
                    bytes = PhotoBytes.read(in);
                }
                diagnose(bytes, source);
            } catch (Exception e) {
                fail(e);
            }
        });
    }

    /** On the io thread: decode, preprocess, predict; the rest continues in {@link #answered}. */
    private void diagnose(byte[] bytes, String source) throws IOException {
        byte[] model = models.activeBytes(Domain.PLANT);
        int size = explainer.inputSize(model);
        File file = scratch.get();
        try (FileOutputStream out = new FileOutputStream(file)) {
            out.write(bytes);
        }
        DecodedImage image;
        try {
            image = decoder.decode(file, size);
        } finally {
            file.delete();
        }
        float[] input = PhotoPreprocessor.toModelInput(image.argb(), image.width(), image.height(), size);
        Bitmap photo = Bitmap.createBitmap(image.argb(), image.width(), image.height(), Bitmap.Config.ARGB_8888);
        byte[] stored = PhotoBytes.storable(bytes, image);
        String backend = predictor.backend(Domain.PLANT);
        predictor.predict(Domain.PLANT, input, p -> answered(p, photo, image, input, model, stored, source, backend), this::fail);
    }

    /** On the main thread: show the answer now; the heat map and the history entry follow from the io thread. */
    private void answered(Prediction p, Bitmap photo, DecodedImage image, float[] input, byte[] model, byte[] stored,
                          String source, String backend) {
        Diagnosis first = new Diagnosis(photo, p, null, null, backend, stored, source);
        diagnosis.setValue(first);
        io.execute(() -> {
            Diagnosis done;
            try {
                GradCam.Result r = explainer.explain(model, input, p.labelIndex(), p.expert() == Prediction.Expert.LOCAL);
                if (r == null) {
                    done = first.withHeatmap(null, "no model to explain");
                } else {
                    int[] blended = HeatmapOverlay.blend(image.argb(), image.width(), image.height(), r.heat, r.height, r.width);
                    done = first.withHeatmap(Bitmap.createBitmap(blended, image.width(), image.height(), Bitmap.Config.ARGB_8888), null);
                }
            } catch (IOException | RuntimeException e) {
                done = first.withHeatmap(null, String.valueOf(e.getMessage()));
            }
            try {
                DiagnosisRecord d = new DiagnosisRecord(System.currentTimeMillis(), p.label(), p.probability(), p.expert().name(),
                        p.unsure(), null);
                history.add(d, stored);
            } catch (RuntimeException e) {
                error.postValue(new Failure(R.string.plant_failed_history, e));
            }
            // Only replace what is shown if no newer photo came in meanwhile.
            Diagnosis result = done;
            postIfCurrent(first, result);
            working.postValue(false);
        });
    }

    private void postIfCurrent(Diagnosis shown, Diagnosis next) {
        main.post(() -> {
            if (diagnosis.getValue() == shown) diagnosis.setValue(next);
        });
    }

    /**
     * "Yes, it is …": stores the current photo as a sample of the predicted label. Only a sure answer can be confirmed:
     * for an abstained one (or none) nothing is stored and false is returned — the user retakes or teaches instead.
     */
    public boolean confirm() {
        Diagnosis d = diagnosis.getValue();
        if (d == null || !d.offersConfirm()) return false;
        saveAs(d.prediction.label());
        return true;
    }

    /** Stores the current photo as a sample labelled {@code label} (the diagnosis confirmed, or corrected). */
    public void saveAs(String label) {
        Diagnosis d = diagnosis.getValue();
        if (d == null) return;
        io.execute(() -> {
            try {
                samples.add(Domain.PLANT, label, d.encoded, d.source);
                saved.postValue(label);
            } catch (RuntimeException e) {
                error.postValue(new Failure(R.string.plant_failed_save, e));
            }
        });
    }

    private void fail(Exception e) {
        error.postValue(new Failure(R.string.plant_failed_diagnose, e));
        working.postValue(false);
    }
}
