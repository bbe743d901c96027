package org.localexpert.app.camera;

import android.view.TextureView;

/**
 * A camera as the diagnose screen needs it: a live preview, one still photo as JPEG bytes, and a torch
 * for dark fields. Small on purpose, so the screen can be tested with a fake and the platform camera
 * ({@link Camera2CameraSource}) stays in one class.
 *
 * <p>Every call is made on the main thread; every callback arrives on the main thread. Failures never
 * throw: they arrive as {@link Listener#onError} with a sentence the screen can show.
 */
public interface CameraSource extends AutoCloseable {

    /** What the camera reports back. */
    interface Listener {
        /** The preview runs; {@link #capture} and {@link #setTorch} may be called now. */
        void onOpened(boolean hasTorch);

        /** One still photo, JPEG-encoded, with its EXIF orientation (or pixels) upright as the user held the phone. */
        void onCaptured(byte[] jpeg);

        /** The camera failed or was taken away; the message says what the user can do. */
        void onError(String message);
    }

    /** Starts the preview into {@code preview} (waits for its surface if it has none yet). */
    void open(TextureView preview, Listener listener);

    /** Takes one still photo; the result arrives at {@link Listener#onCaptured}. */
    void capture();

    /** Switches the torch (flash as a continuous light) on or off; ignored when the camera has none. */
    void setTorch(boolean on);

    /** Stops the preview and releases the camera; safe to call twice or before {@link #open}. */
    @Override
    void close();
}
