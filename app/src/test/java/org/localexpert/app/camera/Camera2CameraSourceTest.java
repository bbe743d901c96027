package org.localexpert.app.camera;

import static org.junit.Assert.assertEquals;

import android.util.Size;
import android.view.Surface;

import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;

/** The parts of the Camera2 source that do not need a camera: size choice and JPEG rotation. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
public class Camera2CameraSourceTest {

    @Test
    public void jpegRotationFollowsTheWayThePhoneIsHeld() {
        // A typical back camera is mounted at 90 degrees: upright phone -> rotate 90, landscape left -> 0.
        assertEquals(90, Camera2CameraSource.jpegOrientation(90, Surface.ROTATION_0));
        assertEquals(0, Camera2CameraSource.jpegOrientation(90, Surface.ROTATION_90));
        assertEquals(270, Camera2CameraSource.jpegOrientation(90, Surface.ROTATION_180));
        assertEquals(180, Camera2CameraSource.jpegOrientation(90, Surface.ROTATION_270));
        assertEquals(270, Camera2CameraSource.jpegOrientation(270, Surface.ROTATION_0));
    }

    @Test
    public void photoIsTheLargestUpToTheLimitAndPreviewKeepsItsAspect() {
        Size[] jpeg = {new Size(4032, 3024), new Size(2048, 1536), new Size(1920, 1080), new Size(640, 480)};
        Size photo = Camera2CameraSource.largestUpTo(jpeg, Camera2CameraSource.MAX_PHOTO_SIDE, null);
        assertEquals(new Size(2048, 1536), photo);
        Size[] preview = {new Size(1920, 1080), new Size(1440, 1080), new Size(1280, 720), new Size(640, 480)};
        assertEquals(new Size(1440, 1080), Camera2CameraSource.largestUpTo(preview, 1920, photo));
        // Nothing of that aspect: the largest that fits at all.
        Size[] wide = {new Size(1920, 1080), new Size(1280, 720)};
        assertEquals(new Size(1920, 1080), Camera2CameraSource.largestUpTo(wide, 1920, photo));
        // Nothing small enough: the smallest.
        assertEquals(new Size(4000, 3000), Camera2CameraSource.largestUpTo(new Size[] {new Size(5000, 4000), new Size(4000, 3000)}, 2048, null));
    }
}
