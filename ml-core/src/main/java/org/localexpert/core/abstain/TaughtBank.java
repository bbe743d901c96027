package org.localexpert.core.abstain;

import java.util.Base64;
import org.localexpert.core.tflite.LocalExpertMetadata;

/**
 * The GE features of the samples a user taught, carried in a personal mixture's metadata so that its
 * "unsure" rule finds them familiar: without them, a symbol the user added would be unlike every
 * replay vector and flagged forever ({@link Familiarity}).
 *
 * <p>Stored compactly because a mixture may learn from hundreds of samples: each row as signed bytes
 * scaled by the row's largest magnitude (one float per row), Base64 in one property. A cosine
 * similarity does not depend on a row's scale, and 8 bits per value move a similarity by well under
 * 0.01 — far below the gap between the cut and where unknown inputs lie. 150 handwriting samples of
 * 500 features take about 100 KB of the file.
 */
public final class TaughtBank {
    public static final String KEY_ROWS = "familiar_taught";
    public static final String KEY_FEATURES = "familiar_taught_features";

    private TaughtBank() {}

    /** Records {@code rows} ({@code featureSize} floats each) in {@code meta}. */
    public static LocalExpertMetadata writeTo(LocalExpertMetadata meta, float[] rows, int featureSize) {
        if (featureSize <= 0 || rows.length % featureSize != 0) throw new IllegalArgumentException("rows must hold whole vectors of " + featureSize);
        int n = rows.length / featureSize;
        byte[] out = new byte[n * (4 + featureSize)];
        for (int r = 0; r < n; r++) {
            float max = 0f;
            for (int j = 0; j < featureSize; j++) max = Math.max(max, Math.abs(rows[r * featureSize + j]));
            float scale = max / 127f;
            int o = r * (4 + featureSize), bits = Float.floatToIntBits(scale);
            out[o] = (byte) (bits >>> 24);
            out[o + 1] = (byte) (bits >>> 16);
            out[o + 2] = (byte) (bits >>> 8);
            out[o + 3] = (byte) bits;
            for (int j = 0; j < featureSize; j++) {
                out[o + 4 + j] = (byte) (scale == 0f ? 0 : Math.round(rows[r * featureSize + j] / scale));
            }
        }
        return meta.property(KEY_FEATURES, Integer.toString(featureSize)).property(KEY_ROWS, Base64.getEncoder().encodeToString(out));
    }

    /** The rows stored in {@code meta} (empty when it holds none); {@code featureSize} must be the stored one. */
    public static float[] readFrom(LocalExpertMetadata meta, int featureSize) {
        if (meta == null || !meta.properties().containsKey(KEY_ROWS)) return new float[0];
        String f = meta.properties().get(KEY_FEATURES);
        if (f == null || !f.equals(Integer.toString(featureSize))) {
            throw new IllegalArgumentException("the model's taught features have " + f + " values per row, its GE " + featureSize);
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(meta.properties().get(KEY_ROWS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model's " + KEY_ROWS + " is not Base64", e);
        }
        if (in.length % (4 + featureSize) != 0) throw new IllegalArgumentException("the model's " + KEY_ROWS + " is cut short");
        int n = in.length / (4 + featureSize);
        float[] rows = new float[n * featureSize];
        for (int r = 0; r < n; r++) {
            int o = r * (4 + featureSize);
            float scale = Float.intBitsToFloat(((in[o] & 0xff) << 24) | ((in[o + 1] & 0xff) << 16) | ((in[o + 2] & 0xff) << 8) | (in[o + 3] & 0xff));
            for (int j = 0; j < featureSize; j++) rows[r * featureSize + j] = in[o + 4 + j] * scale;
        }
        return rows;
    }
}
