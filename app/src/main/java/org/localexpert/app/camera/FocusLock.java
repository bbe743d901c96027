package org.localexpert.app.camera;

import android.hardware.camera2.CameraCharacteristics;
import android.hardware.camera2.CameraMetadata;

/**
 * When a still may be taken after an autofocus trigger: as soon as the camera reports the focus locked (sharp or not:
 * waiting longer does not help), or when the camera reports no focus state at all, or when the wait times out - a leaf
 * photographed slightly soft beats a capture button that does nothing. Decides once; used on the camera thread.
 */
final class FocusLock {
    /** How long a capture waits for the lens at most. */
    static final long TIMEOUT_MILLIS = 1500;

    private boolean decided;

    /**
     * Whether the camera can focus on command: it offers the AUTO or CONTINUOUS_PICTURE autofocus mode and its lens
     * is not fixed-focus (minimum focus distance 0 means fixed).
     */
    static boolean supported(CameraCharacteristics c) {
        int[] modes = c.get(CameraCharacteristics.CONTROL_AF_AVAILABLE_MODES);
        Float nearest = c.get(CameraCharacteristics.LENS_INFO_MINIMUM_FOCUS_DISTANCE);
        if (modes == null || (nearest != null && nearest == 0f)) return false;
        for (int m : modes) {
            if (m == CameraMetadata.CONTROL_AF_MODE_AUTO || m == CameraMetadata.CONTROL_AF_MODE_CONTINUOUS_PICTURE) return true;
        }
        return false;
    }

    /** A capture result's CONTROL_AF_STATE (null when not reported): true the one time the still should be taken now. */
    boolean onAfState(Integer state) {
        if (decided) return false;
        boolean settled = state == null || state == CameraMetadata.CONTROL_AF_STATE_FOCUSED_LOCKED
                || state == CameraMetadata.CONTROL_AF_STATE_NOT_FOCUSED_LOCKED;
        if (settled) decided = true;
        return settled;
    }

    /** The wait is over: true when the still should be taken now (the focus had not settled first). */
    boolean onTimeout() {
        if (decided) return false;
        decided = true;
        return true;
    }
}
