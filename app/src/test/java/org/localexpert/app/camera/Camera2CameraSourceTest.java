package org.localexpert.app.camera;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.robolectric.Shadows.shadowOf;

import android.content.Context;
import android.graphics.Matrix;
import android.graphics.RectF;
import android.graphics.SurfaceTexture;
import android.hardware.camera2.CameraCharacteristics;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.hardware.camera2.CameraMetadata;
import android.util.Size;
import android.view.Surface;
import android.view.TextureView;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowCameraCharacteristics;
import org.robolectric.shadows.ShadowLooper;
import org.robolectric.shadows.StreamConfigurationMapBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The Camera2 source on Robolectric's camera service: a camera that opens after the screen closed is closed at once;
 * the preview is shown undistorted; and the parts that need no camera: size choice, JPEG rotation, when to shoot
 * after an autofocus trigger.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = {26, 36})
@GraphicsMode(GraphicsMode.Mode.NATIVE)
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

    @Test
    public void thePreviewKeepsItsAspectRatioInsideTheViewWhicheverWayThePhoneIsHeld() {
        Size buffer = new Size(1440, 1080); // 4:3, streamed sideways by a sensor mounted at 90 degrees
        // Upright phone, a tall view: the picture is 3:4, as wide as the view, centred.
        assertRect(0, 72, 1080, 1512, PreviewTransform.of(1080, 1584, buffer, 90, Surface.ROTATION_0), 1080, 1584);
        // Held sideways, a wide view: 4:3, as tall as the view, centred.
        for (int rotation : new int[] {Surface.ROTATION_90, Surface.ROTATION_270}) {
            float w = 1000f * 4 / 3;
            assertRect((1920 - w) / 2, 0, (1920 + w) / 2, 1000, PreviewTransform.of(1920, 1000, buffer, 90, rotation), 1920, 1000);
        }
        // Upside down: upright again, same fit as the upright phone.
        assertRect(0, 72, 1080, 1512, PreviewTransform.of(1080, 1584, buffer, 90, Surface.ROTATION_180), 1080, 1584);
        // A view of the picture's own shape needs no change.
        assertTrue(PreviewTransform.of(1080, 1440, buffer, 90, Surface.ROTATION_0).isIdentity());
    }

    /** Where the view's content (the stretched picture) lands under {@code m}. */
    private static void assertRect(float left, float top, float right, float bottom, Matrix m, int viewW, int viewH) {
        RectF r = new RectF(0, 0, viewW, viewH);
        m.mapRect(r);
        String got = r.toString();
        assertEquals(got, left, r.left, 0.5f);
        assertEquals(got, top, r.top, 0.5f);
        assertEquals(got, right, r.right, 0.5f);
        assertEquals(got, bottom, r.bottom, 0.5f);
    }

    @Test
    public void theStillIsTakenOnceWhenTheFocusLocksOrTheWaitEnds() {
        FocusLock lock = new FocusLock();
        assertFalse("still scanning", lock.onAfState(CameraMetadata.CONTROL_AF_STATE_ACTIVE_SCAN));
        assertFalse(lock.onAfState(CameraMetadata.CONTROL_AF_STATE_PASSIVE_FOCUSED));
        assertTrue("locked: shoot", lock.onAfState(CameraMetadata.CONTROL_AF_STATE_FOCUSED_LOCKED));
        assertFalse("only once", lock.onAfState(CameraMetadata.CONTROL_AF_STATE_FOCUSED_LOCKED));
        assertFalse("the timeout after the shot does nothing", lock.onTimeout());

        FocusLock blurred = new FocusLock();
        assertTrue("locked out of focus: waiting longer does not help", blurred.onAfState(CameraMetadata.CONTROL_AF_STATE_NOT_FOCUSED_LOCKED));
        FocusLock silent = new FocusLock();
        assertTrue("a camera that reports no focus state", silent.onAfState(null));
        FocusLock slow = new FocusLock();
        assertFalse(slow.onAfState(CameraMetadata.CONTROL_AF_STATE_ACTIVE_SCAN));
        assertTrue("the wait ends: shoot anyway", slow.onTimeout());
        assertFalse(slow.onAfState(CameraMetadata.CONTROL_AF_STATE_FOCUSED_LOCKED));
    }

    @Test
    public void onlyALensThatCanFocusIsAskedTo() {
        assertTrue(FocusLock.supported(characteristics(new int[] {CameraMetadata.CONTROL_AF_MODE_OFF, CameraMetadata.CONTROL_AF_MODE_AUTO,
                CameraMetadata.CONTROL_AF_MODE_CONTINUOUS_PICTURE}, 10f)));
        assertFalse("fixed focus", FocusLock.supported(characteristics(new int[] {CameraMetadata.CONTROL_AF_MODE_OFF}, 0f)));
        assertFalse("fixed lens", FocusLock.supported(characteristics(new int[] {CameraMetadata.CONTROL_AF_MODE_AUTO}, 0f)));
        assertFalse("nothing reported", FocusLock.supported(characteristics(null, null)));
    }

    @Test
    public void aCameraThatOpensAfterTheScreenClosedIsClosedAtOnce() {
        Context context = ApplicationProvider.getApplicationContext();
        CameraManager manager = context.getSystemService(CameraManager.class);
        shadowOf(manager).addCamera("0", backCamera());
        // The camera service answers openCamera later, as a real one does; the test decides when.
        List<Runnable> answers = new ArrayList<>();
        AtomicReference<CameraDevice> opened = new AtomicReference<>();
        Camera2CameraSource source = new Camera2CameraSource(context, (m, id, callback, handler) ->
                answers.add(() -> {
                    try {
                        m.openCamera(id, recording(callback, opened), handler);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }));
        RecordingListener listener = new RecordingListener();
        TextureView preview = new TextureView(context);
        source.open(preview, listener);
        preview.getSurfaceTextureListener().onSurfaceTextureAvailable(new SurfaceTexture(false), 1080, 1440);
        waitFor("openCamera called", () -> answers.size() == 1);

        source.close(); // back pressed while "Starting the camera..."
        answers.get(0).run(); // the camera service answers now
        waitFor("the late camera handed to the source", () -> opened.get() != null);
        waitFor("and closed by it", () -> isClosed(opened.get()));
        ShadowLooper.idleMainLooper();
        assertFalse("a closed screen is not told the camera opened", listener.opened);
        assertNull(listener.error);
        forgetCameraThread(manager);
    }

    /**
     * Robolectric 4.17's camera shadow idles the looper of the last openCamera's handler when the test ends; the
     * source's camera thread has quit by then (as it should), and idling a quit looper throws. A last open answered
     * on the main looper gives the shadow a live looper to idle.
     */
    private static void forgetCameraThread(CameraManager manager) {
        try {
            manager.openCamera("0", new CameraDevice.StateCallback() {
                @Override public void onOpened(CameraDevice d) { d.close(); }
                @Override public void onDisconnected(CameraDevice d) { }
                @Override public void onError(CameraDevice d, int error) { }
            }, new android.os.Handler(android.os.Looper.getMainLooper()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ShadowLooper.idleMainLooper();
    }

    @Test
    @Config(sdk = 36) // Robolectric's camera sessions start from API 28 (on 26 its createCaptureSession is not shadowed)
    public void aCameraOpensIntoAnUndistortedPreview() {
        Context context = ApplicationProvider.getApplicationContext();
        CameraManager manager = context.getSystemService(CameraManager.class);
        shadowOf(manager).addCamera("0", backCamera());
        Camera2CameraSource source = new Camera2CameraSource(context);
        RecordingListener listener = new RecordingListener();
        TextureView preview = new TextureView(context);
        preview.layout(0, 0, 1080, 1584);
        source.open(preview, listener);
        preview.getSurfaceTextureListener().onSurfaceTextureAvailable(new SurfaceTexture(false), 1080, 1584);
        waitFor("the preview runs", () -> {
            ShadowLooper.idleMainLooper();
            return listener.opened || listener.error != null;
        });
        assertNull(listener.error);
        assertTrue("the back camera has a torch", listener.hasTorch);
        assertRect(0, 72, 1080, 1512, preview.getTransform(null), 1080, 1584);
        source.close();
    }

    // ---- helpers ----

    /** How the camera HAL names JPEG output (ImageFormat.JPEG to apps); the map builder takes the HAL's names. */
    private static final int HAL_PIXEL_FORMAT_BLOB = 0x21;

    /** A back camera mounted at 90 degrees with a torch and autofocus, offering 4:3 JPEGs and previews. */
    private static CameraCharacteristics backCamera() {
        CameraCharacteristics c = characteristics(new int[] {CameraMetadata.CONTROL_AF_MODE_AUTO, CameraMetadata.CONTROL_AF_MODE_CONTINUOUS_PICTURE}, 10f);
        ShadowCameraCharacteristics shadow = shadowOf(c);
        shadow.set(CameraCharacteristics.LENS_FACING, CameraCharacteristics.LENS_FACING_BACK);
        shadow.set(CameraCharacteristics.SENSOR_ORIENTATION, 90);
        shadow.set(CameraCharacteristics.FLASH_INFO_AVAILABLE, true);
        shadow.set(CameraCharacteristics.SCALER_STREAM_CONFIGURATION_MAP, StreamConfigurationMapBuilder.newBuilder()
                .addOutputSize(HAL_PIXEL_FORMAT_BLOB, new Size(2048, 1536))
                .addOutputSize(new Size(1440, 1080))
                .build());
        return c;
    }

    private static CameraCharacteristics characteristics(int[] afModes, Float minimumFocusDistance) {
        CameraCharacteristics c = ShadowCameraCharacteristics.newCameraCharacteristics();
        if (afModes != null) shadowOf(c).set(CameraCharacteristics.CONTROL_AF_AVAILABLE_MODES, afModes);
        if (minimumFocusDistance != null) shadowOf(c).set(CameraCharacteristics.LENS_INFO_MINIMUM_FOCUS_DISTANCE, minimumFocusDistance);
        return c;
    }

    /** {@code callback}, noting the device it is given. */
    private static CameraDevice.StateCallback recording(CameraDevice.StateCallback callback, AtomicReference<CameraDevice> opened) {
        return new CameraDevice.StateCallback() {
            @Override
            public void onOpened(CameraDevice d) {
                callback.onOpened(d);
                opened.set(d);
            }

            @Override public void onDisconnected(CameraDevice d) { callback.onDisconnected(d); }

            @Override public void onError(CameraDevice d, int error) { callback.onError(d, error); }
        };
    }

    /** A closed device refuses new requests. */
    private static boolean isClosed(CameraDevice d) {
        try {
            d.createCaptureRequest(CameraDevice.TEMPLATE_PREVIEW);
            return false;
        } catch (IllegalStateException closed) {
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) fail("timed out waiting for: " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final class RecordingListener implements CameraSource.Listener {
        volatile boolean opened, hasTorch;
        volatile String error;

        @Override
        public void onOpened(boolean torch) {
            opened = true;
            hasTorch = torch;
        }

        @Override public void onCaptured(byte[] jpeg) { }

        @Override public void onError(String message) { error = message; }
    }
}
