package org.localexpert.app.camera;

import android.content.Context;
import android.graphics.ImageFormat;
import android.graphics.SurfaceTexture;
import android.hardware.camera2.CameraAccessException;
import android.hardware.camera2.CameraCaptureSession;
import android.hardware.camera2.CameraCharacteristics;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.hardware.camera2.CameraMetadata;
import android.hardware.camera2.CaptureRequest;
import android.hardware.camera2.CaptureResult;
import android.hardware.camera2.TotalCaptureResult;
import android.hardware.camera2.params.StreamConfigurationMap;
import android.media.Image;
import android.media.ImageReader;
import android.os.Handler;
import android.os.HandlerThread;
import android.os.Looper;
import android.util.Size;
import android.view.Surface;
import android.view.TextureView;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.localexpert.app.R;

/**
 * {@link CameraSource} on the platform Camera2 API (CameraX is not available to this build). The back
 * camera streams into the preview and into a JPEG {@link ImageReader}; a still capture first asks the lens to
 * focus ({@link FocusLock}) and the camera to rotate the JPEG for the way the phone is held (JPEG_ORIENTATION), so
 * the bytes decode upright through their EXIF orientation. The preview is shown undistorted ({@link PreviewTransform}).
 * The camera runs on its own handler thread (every field but {@link #closed} and the view's is touched only there);
 * callbacks are posted to the main thread. A failure there - whatever the driver throws - ends in
 * {@link Listener#onError}, never in a dead camera thread.
 *
 * <p>Closing: the camera service answers {@code openCamera} later, on the camera thread. The thread therefore lives on
 * until an open in flight has answered, and a camera that opens after {@link #close()} is closed at once - else it
 * would stay open, and other apps locked out of it, until the process dies.
 *
 * <p>Sizes: the JPEG is the largest the camera offers with its longer side at most {@link #MAX_PHOTO_SIDE}
 * (the shipped model reads 288 px; a larger photo only costs storage), the preview the largest of the same aspect
 * ratio up to 1920 px.
 */
public final class Camera2CameraSource implements CameraSource {
    static final int MAX_PHOTO_SIDE = 2048;
    private static final int MAX_PREVIEW_SIDE = 1920;

    /** How a camera device is opened: CameraManager.openCamera; tests hold the answer back to open it late. */
    interface Opener {
        void open(CameraManager manager, String id, CameraDevice.StateCallback callback, Handler handler) throws CameraAccessException;

        @SuppressWarnings("MissingPermission") // CameraFragment asks for CAMERA before it opens a camera
        Opener PLATFORM = CameraManager::openCamera;
    }

    private final Context context;
    private final Opener opener;
    private final Handler main = new Handler(Looper.getMainLooper());
    private HandlerThread thread;
    private Handler camera;
    private Listener listener;
    private TextureView preview;
    private CameraDevice device;
    private CameraCaptureSession session;
    private ImageReader reader;
    private Surface previewSurface;
    private CaptureRequest.Builder previewRequest;
    private Size previewSize;
    private int sensorOrientation;
    private boolean hasTorch;
    private boolean canFocus;
    /** An openCamera call whose answer has not come yet. */
    private boolean opening;
    private volatile boolean torch;
    private volatile boolean closed;

    public Camera2CameraSource(Context context) {
        this(context, Opener.PLATFORM);
    }

    Camera2CameraSource(Context context, Opener opener) {
        this.context = context.getApplicationContext();
        this.opener = opener;
    }

    @Override
    public void open(TextureView preview, Listener listener) {
        if (thread != null) throw new IllegalStateException("open() was already called");
        this.preview = preview;
        this.listener = listener;
        thread = new HandlerThread("camera");
        thread.start();
        camera = new Handler(thread.getLooper());
        preview.setSurfaceTextureListener(new TextureView.SurfaceTextureListener() {
            @Override public void onSurfaceTextureAvailable(SurfaceTexture s, int w, int h) { camera.post(() -> openCamera(s)); }
            @Override public void onSurfaceTextureSizeChanged(SurfaceTexture s, int w, int h) { showUndistorted(); }
            @Override public boolean onSurfaceTextureDestroyed(SurfaceTexture s) { return true; }
            @Override public void onSurfaceTextureUpdated(SurfaceTexture s) {}
        });
        if (preview.isAvailable()) {
            SurfaceTexture texture = preview.getSurfaceTexture();
            camera.post(() -> openCamera(texture));
        }
    }

    /** On the camera thread. */
    private void openCamera(SurfaceTexture texture) {
        if (closed || device != null || opening) return;
        CameraManager manager = context.getSystemService(CameraManager.class);
        try {
            String id = backCamera(manager);
            if (id == null) {
                fail(context.getString(R.string.plant_camera_error_none));
                return;
            }
            CameraCharacteristics c = manager.getCameraCharacteristics(id);
            Integer orientation = c.get(CameraCharacteristics.SENSOR_ORIENTATION);
            sensorOrientation = orientation == null ? 90 : orientation;
            hasTorch = Boolean.TRUE.equals(c.get(CameraCharacteristics.FLASH_INFO_AVAILABLE));
            canFocus = FocusLock.supported(c);
            StreamConfigurationMap map = c.get(CameraCharacteristics.SCALER_STREAM_CONFIGURATION_MAP);
            if (map == null) {
                fail(context.getString(R.string.plant_camera_error_none));
                return;
            }
            Size photo = largestUpTo(map.getOutputSizes(ImageFormat.JPEG), MAX_PHOTO_SIDE, null);
            previewSize = largestUpTo(map.getOutputSizes(SurfaceTexture.class), MAX_PREVIEW_SIDE, photo);
            reader = ImageReader.newInstance(photo.getWidth(), photo.getHeight(), ImageFormat.JPEG, 2);
            reader.setOnImageAvailableListener(this::deliverJpeg, camera);
            texture.setDefaultBufferSize(previewSize.getWidth(), previewSize.getHeight());
            previewSurface = new Surface(texture);
            main.post(this::showUndistorted);
            opening = true;
            opener.open(manager, id, new CameraDevice.StateCallback() {
                @Override
                public void onOpened(CameraDevice d) {
                    opening = false;
                    if (closed) {
                        d.close(); // opened after close(): nobody will use it
                        release();
                        return;
                    }
                    device = d;
                    startSession();
                }

                @Override
                public void onDisconnected(CameraDevice d) {
                    opening = false;
                    d.close();
                    fail(context.getString(R.string.plant_camera_error_disconnected));
                    if (closed) release();
                }

                @Override
                public void onError(CameraDevice d, int error) {
                    opening = false;
                    d.close();
                    fail(context.getString(R.string.plant_camera_error_device));
                    if (closed) release();
                }
            }, camera);
        } catch (CameraAccessException | RuntimeException e) {
            opening = false;
            fail(context.getString(R.string.plant_camera_error_open));
        }
    }

    /** On the main thread: the preview at its own aspect ratio, upright, inside the view. */
    private void showUndistorted() {
        Size size = previewSize;
        if (size == null || preview.getWidth() == 0 || preview.getHeight() == 0) return;
        int rotation = preview.getDisplay() == null ? Surface.ROTATION_0 : preview.getDisplay().getRotation();
        preview.setTransform(PreviewTransform.of(preview.getWidth(), preview.getHeight(), size, sensorOrientation, rotation));
    }

    @SuppressWarnings("deprecation") // the List<Surface> form is the one API 26 has (SessionConfiguration is 28+)
    private void startSession() {
        try {
            device.createCaptureSession(Arrays.asList(previewSurface, reader.getSurface()), new CameraCaptureSession.StateCallback() {
                @Override
                public void onConfigured(CameraCaptureSession s) {
                    if (closed) return;
                    session = s;
                    try {
                        previewRequest = device.createCaptureRequest(CameraDevice.TEMPLATE_PREVIEW);
                        previewRequest.addTarget(previewSurface);
                        previewRequest.set(CaptureRequest.CONTROL_AF_MODE, CaptureRequest.CONTROL_AF_MODE_CONTINUOUS_PICTURE);
                        repeatPreview(null);
                        main.post(() -> { if (!closed) listener.onOpened(hasTorch); });
                    } catch (CameraAccessException | RuntimeException e) {
                        fail(context.getString(R.string.plant_camera_error_open));
                    }
                }

                @Override
                public void onConfigureFailed(CameraCaptureSession s) {
                    fail(context.getString(R.string.plant_camera_error_open));
                }
            }, camera);
        } catch (CameraAccessException | RuntimeException e) {
            fail(context.getString(R.string.plant_camera_error_open));
        }
    }

    /** {@code watch}: told of every preview frame's result (while waiting for the focus), or null. */
    private void repeatPreview(CameraCaptureSession.CaptureCallback watch) throws CameraAccessException {
        previewRequest.set(CaptureRequest.FLASH_MODE, torch ? CaptureRequest.FLASH_MODE_TORCH : CaptureRequest.FLASH_MODE_OFF);
        session.setRepeatingRequest(previewRequest.build(), watch, camera);
    }

    @Override
    public void capture() {
        int rotation = preview.getDisplay() == null ? Surface.ROTATION_0 : preview.getDisplay().getRotation();
        camera.post(() -> {
            if (session == null || closed) return;
            try {
                if (canFocus) focusThenShoot(rotation);
                else shoot(rotation, false);
            } catch (CameraAccessException | RuntimeException e) {
                fail(context.getString(R.string.plant_camera_error_capture));
            }
        });
    }

    /**
     * Triggers autofocus once and watches the preview's results until the lens reports it has locked, then shoots; the
     * still is taken after {@link FocusLock#TIMEOUT_MILLIS} whatever the lens says.
     */
    private void focusThenShoot(int rotation) throws CameraAccessException {
        FocusLock lock = new FocusLock();
        CameraCaptureSession.CaptureCallback watch = new CameraCaptureSession.CaptureCallback() {
            @Override
            public void onCaptureCompleted(CameraCaptureSession s, CaptureRequest request, TotalCaptureResult result) {
                if (lock.onAfState(result.get(CaptureResult.CONTROL_AF_STATE))) shootSafely(rotation);
            }
        };
        previewRequest.set(CaptureRequest.CONTROL_AF_TRIGGER, CameraMetadata.CONTROL_AF_TRIGGER_START);
        session.capture(previewRequest.build(), watch, camera);
        previewRequest.set(CaptureRequest.CONTROL_AF_TRIGGER, CameraMetadata.CONTROL_AF_TRIGGER_IDLE);
        repeatPreview(watch);
        camera.postDelayed(() -> {
            if (lock.onTimeout()) shootSafely(rotation);
        }, FocusLock.TIMEOUT_MILLIS);
    }

    private void shootSafely(int rotation) {
        if (session == null || closed) return;
        try {
            shoot(rotation, true);
        } catch (CameraAccessException | RuntimeException e) {
            fail(context.getString(R.string.plant_camera_error_capture));
        }
    }

    /** The still; {@code unlockFocus}: then lets the lens follow the scene again (after a trigger). */
    private void shoot(int rotation, boolean unlockFocus) throws CameraAccessException {
        CaptureRequest.Builder still = device.createCaptureRequest(CameraDevice.TEMPLATE_STILL_CAPTURE);
        still.addTarget(reader.getSurface());
        still.set(CaptureRequest.CONTROL_AF_MODE, CaptureRequest.CONTROL_AF_MODE_CONTINUOUS_PICTURE);
        still.set(CaptureRequest.FLASH_MODE, torch ? CaptureRequest.FLASH_MODE_TORCH : CaptureRequest.FLASH_MODE_OFF);
        still.set(CaptureRequest.JPEG_ORIENTATION, jpegOrientation(sensorOrientation, rotation));
        session.capture(still.build(), null, camera);
        if (unlockFocus) {
            previewRequest.set(CaptureRequest.CONTROL_AF_TRIGGER, CameraMetadata.CONTROL_AF_TRIGGER_CANCEL);
            session.capture(previewRequest.build(), null, camera);
            previewRequest.set(CaptureRequest.CONTROL_AF_TRIGGER, CameraMetadata.CONTROL_AF_TRIGGER_IDLE);
        }
        repeatPreview(null);
    }

    @Override
    public void setTorch(boolean on) {
        torch = on;
        camera.post(() -> {
            if (session == null || closed || !hasTorch) return;
            try {
                repeatPreview(null);
            } catch (CameraAccessException | RuntimeException e) {
                fail(context.getString(R.string.plant_camera_error_open));
            }
        });
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (camera != null) camera.post(this::release);
    }

    /**
     * On the camera thread, once closed: releases what is open and ends the thread - unless the camera service has not
     * answered an open yet, whose callback must still find the thread to close that camera (and then calls this again).
     */
    private void release() {
        if (session != null) session.close();
        if (device != null) device.close();
        if (reader != null) reader.close();
        if (previewSurface != null) previewSurface.release();
        session = null;
        device = null;
        reader = null;
        previewSurface = null;
        if (!opening) thread.quitSafely();
    }

    private void deliverJpeg(ImageReader r) {
        try (Image image = r.acquireLatestImage()) {
            if (image == null) return;
            ByteBuffer buffer = image.getPlanes()[0].getBuffer();
            byte[] jpeg = new byte[buffer.remaining()];
            buffer.get(jpeg);
            main.post(() -> { if (!closed) listener.onCaptured(jpeg); });
        } catch (RuntimeException e) { // the reader was closed under it
            fail(context.getString(R.string.plant_camera_error_capture));
        }
    }

    private void fail(String message) {
        main.post(() -> { if (!closed) listener.onError(message); });
    }

    /**
     * The clockwise rotation that turns the sensor's image upright for the way the phone is held
     * (the back camera's formula from the Camera2 documentation of JPEG_ORIENTATION).
     */
    static int jpegOrientation(int sensorOrientation, int displayRotation) {
        return (sensorOrientation - PreviewTransform.displayDegrees(displayRotation) + 360) % 360;
    }

    private static String backCamera(CameraManager manager) throws CameraAccessException {
        String[] ids = manager.getCameraIdList();
        for (String id : ids) {
            Integer facing = manager.getCameraCharacteristics(id).get(CameraCharacteristics.LENS_FACING);
            if (facing != null && facing == CameraCharacteristics.LENS_FACING_BACK) return id;
        }
        return ids.length > 0 ? ids[0] : null;
    }

    /**
     * The largest size whose longer side is at most {@code maxSide} (and, when {@code aspect} is given,
     * whose aspect ratio matches it within 2 %); the smallest size when none fits.
     */
    static Size largestUpTo(Size[] sizes, int maxSide, Size aspect) {
        if (sizes == null || sizes.length == 0) throw new IllegalArgumentException("the camera offers no output size");
        Size best = null, smallest = sizes[0];
        for (Size s : sizes) {
            if ((long) s.getWidth() * s.getHeight() < (long) smallest.getWidth() * smallest.getHeight()) smallest = s;
            if (Math.max(s.getWidth(), s.getHeight()) > maxSide) continue;
            if (aspect != null && Math.abs((double) s.getWidth() / s.getHeight() - (double) aspect.getWidth() / aspect.getHeight()) > 0.02 * aspect.getWidth() / aspect.getHeight()) continue;
            if (best == null || (long) s.getWidth() * s.getHeight() > (long) best.getWidth() * best.getHeight()) best = s;
        }
        if (best != null) return best;
        return aspect != null ? largestUpTo(sizes, maxSide, null) : smallest;
    }
}
