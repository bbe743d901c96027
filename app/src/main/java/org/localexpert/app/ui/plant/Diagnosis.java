package org.localexpert.app.ui.plant;

import android.graphics.Bitmap;

import androidx.annotation.StringRes;

import org.localexpert.app.R;
import org.localexpert.core.predict.Prediction;

/**
 * What the diagnose screen shows for one photo: the photo, the model's answer (label, probability, who
 * answered, or "unsure" and why), the Grad-CAM picture once it is computed, and what ran the model.
 * Immutable; the view model posts a new one as each part arrives.
 */
final class Diagnosis {
    /** The photo as decoded (upright, subsampled for the model: at least twice the model's side). */
    final Bitmap photo;
    final Prediction prediction;
    /** The photo with the heat map over it; null while being computed or when unavailable. */
    final Bitmap heatmap;
    /** Why there is no heat map (null while it is computed or when there is one). */
    final String heatmapProblem;
    final String backend;
    /** The encoded photo as it will be stored (JPEG or PNG) and where it came from (camera / gallery). */
    final byte[] encoded;
    final String source;

    Diagnosis(Bitmap photo, Prediction prediction, Bitmap heatmap, String heatmapProblem, String backend, byte[] encoded, String source) {
        this.photo = photo;
        this.prediction = prediction;
        this.heatmap = heatmap;
        this.heatmapProblem = heatmapProblem;
        this.backend = backend;
        this.encoded = encoded;
        this.source = source;
    }

    Diagnosis withHeatmap(Bitmap heat, String problem) {
        return new Diagnosis(photo, prediction, heat, problem, backend, encoded, source);
    }

    /** The model abstained: there is no answer to agree with. */
    boolean unsure() {
        return prediction.unsure();
    }

    /** "Yes, it is …": only for a sure answer. */
    boolean offersConfirm() {
        return !unsure();
    }

    /** "Take another photo": only when the model abstained (with "teach it", the correction). */
    boolean offersRetake() {
        return unsure();
    }

    /** The heat map is offered only for a sure answer: over a photo the model cannot read it would suggest evidence that is not there. */
    boolean offersHeatmap() {
        return !unsure();
    }

    /** Why the model will not answer, and what to do, for the check the photo failed (or for low confidence); 0 when sure. */
    @StringRes
    int unsureAdvice() {
        if (!unsure()) return 0;
        if (prediction.unfamiliar()) return R.string.plant_unsure_unfamiliar; // no crop the app knows (issue 18)
        if (prediction.inputProblem() == null) return R.string.plant_unsure_low_confidence;
        switch (prediction.inputProblem()) {
            case NEARLY_UNIFORM: return R.string.plant_unsure_uniform;
            case NO_COLOUR: return R.string.plant_unsure_no_colour;
            default: return R.string.plant_unsure_noise;
        }
    }
}
