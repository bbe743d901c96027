package org.localexpert.app.ui.plant;

import android.graphics.Bitmap;

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
}
