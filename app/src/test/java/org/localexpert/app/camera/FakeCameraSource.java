package org.localexpert.app.camera;

import android.os.Handler;
import android.os.Looper;
import android.view.TextureView;

/**
 * A camera for tests: opens at once (on the next main-looper turn, as a real camera answers later),
 * "captures" the JPEG bytes it was given, and records what the screen asked of it.
 */
public final class FakeCameraSource implements CameraSource {
    private final Handler main = new Handler(Looper.getMainLooper());
    private final byte[] photo;
    private final boolean hasTorch;
    private Listener listener;
    public boolean opened, closed, torch;
    public int captures;

    public FakeCameraSource(byte[] photo, boolean hasTorch) {
        this.photo = photo;
        this.hasTorch = hasTorch;
    }

    @Override
    public void open(TextureView preview, Listener listener) {
        if (preview == null) throw new IllegalArgumentException("no preview view");
        this.listener = listener;
        opened = true;
        main.post(() -> { if (!closed) listener.onOpened(hasTorch); });
    }

    @Override
    public void capture() {
        if (!opened || closed) throw new IllegalStateException("capture() on a camera that is not open");
        captures++;
        main.post(() -> { if (!closed) listener.onCaptured(photo.clone()); });
    }

    @Override
    public void setTorch(boolean on) {
        torch = on;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Reports a failure as a broken camera would. */
    public void fail(String message) {
        main.post(() -> listener.onError(message));
    }
}
