package org.localexpert.app.ui.plant;

import android.Manifest;
import android.content.Context;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.view.LayoutInflater;
import android.view.TextureView;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.CompoundButton;
import android.widget.TextView;

import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.core.content.ContextCompat;
import androidx.fragment.app.Fragment;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.camera.CameraSource;
import org.localexpert.app.camera.CameraSources;

/**
 * The camera screen: live preview, torch, and one tap to capture. Asks for the CAMERA permission when it is
 * needed (and explains the gallery alternative when it is refused). The photo is written to the app's cache (off the
 * main thread) and handed back to {@link DiagnoseFragment} as a fragment result, then this screen closes. The camera is
 * held only while the screen is visible.
 */
public class CameraFragment extends Fragment implements CameraSource.Listener {
    private final Handler main = new Handler(Looper.getMainLooper());
    private ActivityResultLauncher<String> askPermission;
    private CameraSource camera;
    private TextView status;
    private Button capture;
    private CompoundButton torch;
    /** Ask once per visit: asking again after a refusal would loop (the permission dialog pauses this screen). */
    private boolean asked;

    public CameraFragment() {
    }

    @Override
    public void onCreate(@Nullable Bundle state) {
        super.onCreate(state);
        askPermission = registerForActivityResult(new ActivityResultContracts.RequestPermission(), granted -> {
            if (granted) {
                if (isResumed()) startCamera();
            } else {
                status.setText(R.string.plant_camera_permission_denied);
            }
        });
    }

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.plant_camera_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        status = view.findViewById(R.id.plant_camera_status);
        capture = view.findViewById(R.id.plant_camera_capture);
        torch = view.findViewById(R.id.plant_camera_torch);
        capture.setOnClickListener(v -> {
            capture.setEnabled(false);
            if (camera != null) camera.capture();
        });
        torch.setOnCheckedChangeListener((b, on) -> {
            if (camera != null) camera.setTorch(on);
        });
    }

    @Override
    public void onResume() {
        super.onResume();
        if (ContextCompat.checkSelfPermission(requireContext(), Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED) {
            startCamera();
        } else if (!asked) {
            asked = true;
            askPermission.launch(Manifest.permission.CAMERA);
        }
    }

    @Override
    public void onPause() {
        stopCamera();
        super.onPause();
    }

    private void startCamera() {
        if (camera != null) return;
        status.setVisibility(View.VISIBLE);
        status.setText(R.string.plant_camera_starting);
        camera = CameraSources.create(requireContext());
        camera.open((TextureView) requireView().findViewById(R.id.plant_camera_preview), this);
    }

    private void stopCamera() {
        if (camera != null) camera.close();
        camera = null;
        capture.setEnabled(false);
        torch.setEnabled(false);
    }

    @Override
    public void onOpened(boolean hasTorch) {
        status.setVisibility(View.GONE);
        capture.setEnabled(true);
        torch.setEnabled(hasTorch);
        if (hasTorch && torch.isChecked()) camera.setTorch(true);
    }

    /** Writes the photo on the io thread (a file write would stall the screen), then hands it to the diagnose screen. */
    @Override
    public void onCaptured(byte[] jpeg) {
        Context app = requireContext().getApplicationContext();
        AppContainer.get(app).io().execute(() -> {
            File file = new File(app.getCacheDir(), "camera-photo.jpg");
            try (FileOutputStream out = new FileOutputStream(file)) {
                out.write(jpeg);
            } catch (IOException e) {
                main.post(() -> {
                    if (isAdded()) onError(getString(R.string.plant_camera_error_capture));
                });
                return;
            }
            main.post(() -> handOver(app, file));
        });
    }

    private void handOver(Context app, File file) {
        if (!isAdded() || isStateSaved()) {
            // The user left meanwhile: nobody will diagnose this photo, and it must not linger in the cache.
            AppContainer.get(app).io().execute(file::delete);
            return;
        }
        Bundle result = new Bundle();
        result.putString(DiagnoseFragment.CAMERA_FILE, file.getAbsolutePath());
        getParentFragmentManager().setFragmentResult(DiagnoseFragment.CAMERA_RESULT, result);
        getParentFragmentManager().popBackStack();
    }

    @Override
    public void onError(String message) {
        status.setVisibility(View.VISIBLE);
        status.setText(message);
        capture.setEnabled(false);
    }
}
