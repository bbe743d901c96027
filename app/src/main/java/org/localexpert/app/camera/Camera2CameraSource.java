package org.localexpert.app.camera;

import android.content.Context;
import android.graphics.ImageFormat;
import android.graphics.SurfaceTexture;
import android.hardware.camera2.CameraAccessException;
import android.hardware.camera2.CameraCaptureSession;
import android.hardware.camera2.CameraCharacteristics;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.hardware.camera2.CaptureRequest;
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
 * camera streams into the preview and into a JPEG {@link ImageReader}; a still capture asks the camera to
 * rotate the JPEG for the way the phone is held (JPEG_ORIENTATION), so the bytes decode upright through
 * their EXIF orientation. The camera runs on its own handler thread; callbacks are posted to the main thread.
 *
 * <p>Sizes: the JPEG is the largest the camera offers with its longer side at most {@link #MAX_PHOTO_SIDE}
 * (the shipped model reads 288 px; a larger photo only costs storage), the preview the largest of the same aspect
 * ratio up to 1920 px.
 */
public final class Camera2CameraSource implements CameraSource {
    static final int MAX_PHOTO_SIDE = 2048;
    private static final int MAX_PREVIEW_SIDE = 1920;

    private final Context context;
    private final Handler main = new Handler(Looper.getMainLooper());
    private HandlerThread thread;
    private Handler camera;
    private Listener listener;
    private TextureView preview;
    private CameraDevice device;
    private CameraCaptureSession session;
    private ImageReader reader;
    private CaptureRequest.Builder previewRequest;
    private int sensorOrientation;
    private boolean hasTorch;
    private volatile boolean torch;
    private volatile boolean closed;

    public Camera2CameraSource(Context context) {
        this.context = context.getApplicationContext();
    }

    @Override
    public void open(TextureView preview, Listener listener) {
        if (thread != null) throw new IllegalStateException("open() was already called");
        this.preview = preview;
        this.listener = listener;
        thread = new HandlerThread("camera");
        thread.start();
        camera = new Handler(thread.getLooper());
        if (preview.isAvailable()) {
            openCamera();
        } else {
            preview.setSurfaceTextureListener(new TextureView.SurfaceTextureListener() {
                @Override public void onSurfaceTextureAvailable(SurfaceTexture s, int w, int h) { openCamera(); }
                @Override public void onSurfaceTextureSizeChanged(SurfaceTexture s, int w, int h) {}
                @Override public boolean onSurfaceTextureDestroyed(SurfaceTexture s) { return true; }
                @Override public void onSurfaceTextureUpdated(SurfaceTexture s) {}
            });
        }
    }

    private void openCamera() {
        if (closed) return;
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
            StreamConfigurationMap map = c.get(CameraCharacteristics.SCALER_STREAM_CONFIGURATION_MAP);
            if (map == null) {
                fail(context.getString(R.string.plant_camera_error_none));
                return;
            }
            Size photo = largestUpTo(map.getOutputSizes(ImageFormat.JPEG), MAX_PHOTO_SIDE, null);
            Size previewSize = largestUpTo(map.getOutputSizes(SurfaceTexture.class), MAX_PREVIEW_SIDE, photo);
            reader = ImageReader.newInstance(photo.getWidth(), photo.getHeight(), ImageFormat.JPEG, 2);
            reader.setOnImageAvailableListener(this::deliverJpeg, camera);
            SurfaceTexture texture = preview.getSurfaceTexture();
            texture.setDefaultBufferSize(previewSize.getWidth(), previewSize.getHeight());
            Surface previewSurface = new Surface(texture);
            manager.openCamera(id, new CameraDevice.StateCallback() {
                @Override
                public void onOpened(CameraDevice d) {
                    if (closed) {
                        d.close();
                        return;
                    }
                    device = d;
                    startSession(previewSurface);
                }

                @Override
                public void onDisconnected(CameraDevice d) {
                    d.close();
                    fail(context.getString(R.string.plant_camera_error_disconnected));
                }

                @Override
                public void onError(CameraDevice d, int error) {
                    d.close();
                    fail(context.getString(R.string.plant_camera_error_device));
                }
            }, camera);
        } catch (CameraAccessException | SecurityException | IllegalArgumentException e) {
            fail(context.getString(R.string.plant_camera_error_open));
        }
    }

    @SuppressWarnings("deprecation") // the List<Surface> form is the one API 26 has (SessionConfiguration is 28+)
    private void startSession(Surface previewSurface) {
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
                        repeatPreview();
                        main.post(() -> { if (!closed) listener.onOpened(hasTorch); });
                    } catch (CameraAccessException | IllegalStateException e) {
                        fail(context.getString(R.string.plant_camera_error_open));
                    }
                }

                @Override
                public void onConfigureFailed(CameraCaptureSession s) {
                    fail(context.getString(R.string.plant_camera_error_open));
                }
            }, camera);
        } catch (CameraAccessException | IllegalStateException e) {
            fail(context.getString(R.string.plant_camera_error_open));
        }
    }

    private void repeatPreview() throws CameraAccessException {
        previewRequest.set(CaptureRequest.FLASH_MODE, torch ? CaptureRequest.FLASH_MODE_TORCH : CaptureRequest.FLASH_MODE_OFF);
        session.setRepeatingRequest(previewRequest.build(), null, camera);
    }

    @Override
    public void capture() {
        int rotation = preview.getDisplay() == null ? Surface.ROTATION_0 : preview.getDisplay().getRotation();
        camera.post(() -> {
            if (session == null || closed) return;
            try {
                CaptureRequest.Builder still = device.createCaptureRequest(CameraDevice.TEMPLATE_STILL_CAPTURE);
                still.addTarget(reader.getSurface());
                still.set(CaptureRequest.CONTROL_AF_MODE, CaptureRequest.CONTROL_AF_MODE_CONTINUOUS_PICTURE);
                still.set(CaptureRequest.FLASH_MODE, torch ? CaptureRequest.FLASH_MODE_TORCH : CaptureRequest.FLASH_MODE_OFF);
                still.set(CaptureRequest.JPEG_ORIENTATION, jpegOrientation(sensorOrientation, rotation));
                session.capture(still.build(), null, camera);
            } catch (CameraAccessException | IllegalStateException e) {
                fail(context.getString(R.string.plant_camera_error_capture));
            }
        });
    }

    @Override
    public void setTorch(boolean on) {
        torch = on;
        camera.post(() -> {
            if (session == null || closed || !hasTorch) return;
            try {
                repeatPreview();
            } catch (CameraAccessException | IllegalStateException e) {
                fail(context.getString(R.string.plant_camera_error_open));
            }
        });
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (camera == null) return;
        camera.post(() -> {
            if (session != null) session.close();
            if (device != null) device.close();
            if (reader != null) reader.close();
            session = null;
            device = null;
            reader = null;
        });
        thread.quitSafely();
    }

    private void deliverJpeg(ImageReader r) {
        try (Image image = r.acquireLatestImage()) {
            if (image == null) return;
            ByteBuffer buffer = image.getPlanes()[0].getBuffer();
            byte[] jpeg = new byte[buffer.remaining()];
            buffer.get(jpeg);
            main.post(() -> { if (!closed) listener.onCaptured(jpeg); });
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
        int degrees;
        switch (displayRotation) {
            case Surface.ROTATION_90: degrees = 90; break;
            case Surface.ROTATION_180: degrees = 180; break;
            case Surface.ROTATION_270: degrees = 270; break;
            default: degrees = 0;
        }
        return (sensorOrientation - degrees + 360) % 360;
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
