package org.localexpert.app.ui.handwriting;

import android.graphics.Bitmap;

import java.io.ByteArrayOutputStream;

import org.localexpert.core.data.HandwritingPreprocessor;

/**
 * What a handwriting sample is stored as: a 28x28 greyscale PNG of exactly the input the model saw
 * (ink white on black, the output of {@code HandwritingPreprocessor.fromStrokes}).
 *
 * <p>Why the 28x28 and not the canvas: it is the tensor the prediction was made from, it is tiny
 * (a few hundred bytes), and running it through the preprocessing again — as the training worker
 * does with {@code HandwritingPreprocessor.fromArgb} — gives back almost the same digit (already
 * cropped, fitted to 20 px and centred; a test checks the difference), so training and use see the
 * same kind of input. PNG is lossless, so no compression noise reaches the model.
 */
public final class SampleImages {
    private SampleImages() {
    }

    /** {@code input}: 28x28 values in [0, 1]. */
    public static byte[] png(float[] input) {
        int side = HandwritingPreprocessor.SIDE;
        if (input == null || input.length != side * side) {
            throw new IllegalArgumentException("expected a " + side + "x" + side + " digit, got " + (input == null ? "none" : input.length + " values"));
        }
        int[] argb = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            int v = Math.round(255f * Math.max(0f, Math.min(1f, input[i])));
            argb[i] = 0xFF000000 | (v << 16) | (v << 8) | v;
        }
        Bitmap bitmap = Bitmap.createBitmap(argb, side, side, Bitmap.Config.ARGB_8888);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!bitmap.compress(Bitmap.CompressFormat.PNG, 100, out)) throw new IllegalStateException("PNG encoding failed");
            return out.toByteArray();
        } finally {
            bitmap.recycle();
        }
    }
}
