package org.localexpert.app.camera;

import android.graphics.Matrix;
import android.util.Size;
import android.view.Surface;

/**
 * The TextureView transform that shows the camera preview undistorted. A TextureView stretches the camera's buffer
 * (upright for the phone's natural orientation) over the whole view; this matrix undoes the stretch, turns the picture
 * against the display's rotation and fits it inside the view (letterboxed: the user sees all the photo will hold).
 */
final class PreviewTransform {
    private PreviewTransform() {
    }

    /**
     * {@code buffer}: the preview size as the camera streams it (sensor orientation, usually landscape);
     * {@code displayRotation}: a {@link Surface} ROTATION_ constant.
     */
    static Matrix of(int viewWidth, int viewHeight, Size buffer, int sensorOrientation, int displayRotation) {
        float w = viewWidth, h = viewHeight, cx = w / 2, cy = h / 2;
        // The picture upright in the natural orientation: a sensor mounted at 90 or 270 degrees swaps its sides.
        boolean sideways = sensorOrientation % 180 != 0;
        float contentW = sideways ? buffer.getHeight() : buffer.getWidth();
        float contentH = sideways ? buffer.getWidth() : buffer.getHeight();
        int degrees = displayDegrees(displayRotation);
        Matrix m = new Matrix();
        m.setScale(contentW / w, contentH / h, cx, cy); // undo the stretch: the picture at its own aspect ratio
        m.postRotate(-degrees, cx, cy); // upright on the rotated display
        float turnedW = degrees % 180 == 0 ? contentW : contentH, turnedH = degrees % 180 == 0 ? contentH : contentW;
        float fit = Math.min(w / turnedW, h / turnedH);
        m.postScale(fit, fit, cx, cy);
        return m;
    }

    /** A display's {@link Surface} ROTATION_ constant in degrees. */
    static int displayDegrees(int displayRotation) {
        switch (displayRotation) {
            case Surface.ROTATION_90: return 90;
            case Surface.ROTATION_180: return 180;
            case Surface.ROTATION_270: return 270;
            default: return 0;
        }
    }
}
