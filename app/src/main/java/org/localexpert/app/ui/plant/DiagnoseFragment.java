package org.localexpert.app.ui.plant;

import android.content.Context;
import android.net.Uri;
import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.ArrayAdapter;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.ImageView;
import android.widget.Spinner;
import android.widget.TextView;

import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.fragment.app.Fragment;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.text.EngineText;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.common.ModelText;
import org.localexpert.app.ui.common.Navigation;
import org.localexpert.app.ui.common.ViewModels;
import org.localexpert.app.ui.settings.Settings;
import org.localexpert.core.predict.Prediction;

/**
 * Plant — diagnose: a photo from the camera ({@link CameraFragment}) or the gallery (the activity-result
 * {@code GetContent} picker, no storage permission needed), then the diagnosis with its probability, who
 * answered (the shipped expert or the user's own model) and the Grad-CAM heat map over the photo. When the
 * model abstains it says why in plain words and offers two ways on: take another photo, or teach the model
 * what this is — never "yes, it is …", since there is no answer to agree with. A sure answer can be confirmed
 * or corrected; either stores the photo as a sample of the user's farm. Every diagnosis goes to the history.
 */
public class DiagnoseFragment extends Fragment {
    /** Fragment-result key under which {@link CameraFragment} reports the path of its photo. */
    static final String CAMERA_RESULT = "plant_camera_photo";
    static final String CAMERA_FILE = "file";

    private DiagnoseViewModel model;
    private ActivityResultLauncher<String> pickPhoto;

    public DiagnoseFragment() {
    }

    @Override
    public void onCreate(@Nullable Bundle state) {
        super.onCreate(state);
        AppContainer app = AppContainer.get(requireContext());
        Context context = requireContext().getApplicationContext();
        // getCacheDir() checks the folder on disk: the view model asks for it on its io thread.
        model = ViewModels.of(this, DiagnoseViewModel.class, () -> new DiagnoseViewModel(app.predictor(), app.models(), app.samples(),
                app.diagnoses(), app.io(), () -> new File(context.getCacheDir(), "diagnose-photo.tmp")));
        pickPhoto = registerForActivityResult(new ActivityResultContracts.GetContent(), this::picked);
        getParentFragmentManager().setFragmentResultListener(CAMERA_RESULT, this, (key, result) -> {
            File photo = new File(result.getString(CAMERA_FILE));
            // Read the capture and delete it at once: the photo lives on only where the user keeps it
            // (history, samples), which "delete all my data" covers; a copy in the cache would not be.
            model.diagnose(() -> {
                byte[] jpeg = java.nio.file.Files.readAllBytes(photo.toPath());
                photo.delete();
                return new java.io.ByteArrayInputStream(jpeg);
            }, SampleRepository.SOURCE_CAMERA);
        });
    }

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.plant_diagnose_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        view.findViewById(R.id.plant_take_photo).setOnClickListener(v -> Navigation.open(this, new CameraFragment()));
        view.findViewById(R.id.plant_pick_photo).setOnClickListener(v -> pickPhoto.launch("image/*"));
        view.findViewById(R.id.plant_open_history).setOnClickListener(v -> Navigation.open(this, new HistoryFragment()));

        TextView working = view.findViewById(R.id.plant_working);
        TextView error = view.findViewById(R.id.plant_error);
        TextView saved = view.findViewById(R.id.plant_saved);
        CheckBox showHeat = view.findViewById(R.id.plant_show_heat);
        Spinner correction = view.findViewById(R.id.plant_correct_label);
        // The spinner shows names in the user's language; the label ids stay in `ids`, position for position.
        List<String> ids = new ArrayList<>();
        ArrayAdapter<String> names = new ArrayAdapter<>(requireContext(), android.R.layout.simple_spinner_item);
        names.setDropDownViewResource(android.R.layout.simple_spinner_dropdown_item);
        correction.setAdapter(names);

        model.working().observe(getViewLifecycleOwner(), w -> working.setVisibility(Boolean.TRUE.equals(w) ? View.VISIBLE : View.GONE));
        model.error().observe(getViewLifecycleOwner(), e -> show(error, e == null ? null : e.text(requireContext())));
        model.saved().observe(getViewLifecycleOwner(), label -> show(saved, label == null ? null : getString(R.string.plant_saved, name(label))));
        model.labels().observe(getViewLifecycleOwner(), list -> {
            ids.clear();
            ids.addAll(list);
            names.clear();
            names.addAll(LabelText.of(requireContext(), Domain.PLANT, list));
        });
        model.diagnosis().observe(getViewLifecycleOwner(), d -> render(view, d));
        showHeat.setOnCheckedChangeListener((b, checked) -> render(view, model.diagnosis().getValue()));

        view.findViewById(R.id.plant_retake).setOnClickListener(v -> Navigation.open(this, new CameraFragment()));
        view.findViewById(R.id.plant_confirm).setOnClickListener(v -> model.confirm());
        view.findViewById(R.id.plant_correct).setOnClickListener(v -> {
            int chosen = correction.getSelectedItemPosition();
            if (chosen >= 0 && chosen < ids.size()) model.saveAs(ids.get(chosen));
        });
    }

    private String name(String label) {
        return LabelText.of(requireContext(), Domain.PLANT, label);
    }

    private void picked(Uri uri) {
        if (uri == null) return; // the user backed out of the picker
        android.content.ContentResolver photos = requireContext().getContentResolver();
        model.diagnose(() -> photos.openInputStream(uri), SampleRepository.SOURCE_GALLERY);
    }

    private void render(View view, Diagnosis d) {
        view.findViewById(R.id.plant_result_panel).setVisibility(d == null ? View.GONE : View.VISIBLE);
        if (d == null) return;
        Prediction p = d.prediction;
        // When the model abstains there is no diagnosis to explain: a heat map over a photo that is
        // not a leaf (or that the model cannot read) would suggest evidence that is not there.
        CheckBox showHeat = view.findViewById(R.id.plant_show_heat);
        showHeat.setVisibility(d.offersHeatmap() ? View.VISIBLE : View.GONE);
        boolean heat = d.offersHeatmap() && showHeat.isChecked() && d.heatmap != null;
        ImageView photo = view.findViewById(R.id.plant_photo);
        photo.setImageBitmap(heat ? d.heatmap : d.photo);
        photo.setContentDescription(getString(heat ? R.string.plant_photo_heat_description : R.string.plant_photo_description));
        show(view.findViewById(R.id.plant_heat_problem), d.heatmapProblem == null ? null : getString(R.string.plant_heat_unavailable));

        String probability = ModelText.percent(p.probability(), 0);
        String label = name(p.label());
        ((TextView) view.findViewById(R.id.plant_label)).setText(p.unsure()
                ? getString(R.string.plant_result, getString(R.string.plant_unsure_result, label), probability)
                : getString(R.string.plant_result, label, probability));
        ((TextView) view.findViewById(R.id.plant_expert)).setText(
                p.expert() == Prediction.Expert.LOCAL ? R.string.plant_answered_local : R.string.plant_answered_global);
        show(view.findViewById(R.id.plant_unsure), p.unsure() ? getString(d.unsureAdvice()) : null);
        String latency = String.format(Locale.getDefault(), "%.1f", p.nanos() / 1e6);
        show(view.findViewById(R.id.plant_backend), Settings.showBackend(requireContext())
                ? getString(R.string.plant_backend, EngineText.of(requireContext(), d.backend), latency) : null);

        // Unsure: "take another photo" and "teach it", no "yes, it is …". Sure: confirm, or correct.
        view.findViewById(R.id.plant_retake).setVisibility(d.offersRetake() ? View.VISIBLE : View.GONE);
        Button confirm = view.findViewById(R.id.plant_confirm);
        confirm.setVisibility(d.offersConfirm() ? View.VISIBLE : View.GONE);
        confirm.setText(getString(R.string.plant_confirm, label));
        ((TextView) view.findViewById(R.id.plant_teach_title)).setText(p.unsure() ? R.string.plant_teach_title_unsure : R.string.plant_confirm_title);
        ((TextView) view.findViewById(R.id.plant_correct_prompt)).setText(p.unsure() ? R.string.plant_teach_prompt : R.string.plant_correct_prompt);
    }

    private static void show(TextView view, String text) {
        view.setVisibility(text == null ? View.GONE : View.VISIBLE);
        view.setText(text);
    }
}
