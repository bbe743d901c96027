package org.localexpert.app.ui.settings;

import android.content.Context;
import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.CompoundButton;
import android.widget.TextView;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.fragment.app.Fragment;
import androidx.lifecycle.MutableLiveData;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.inference.Predictor;
import org.localexpert.app.text.EngineText;
import org.localexpert.app.text.Failure;

/**
 * Settings: the "show what runs the model" switch, and what runs each domain's model on this phone — in plain
 * words (graphics chip, processor, or the app's own slower engine and why), with the engines' own technical
 * names underneath for support.
 */
public class SettingsFragment extends Fragment {
    private final MutableLiveData<String> backends = new MutableLiveData<>();
    private final MutableLiveData<String> details = new MutableLiveData<>();

    public SettingsFragment() {
    }

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.settings_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        CompoundButton show = view.findViewById(R.id.settings_show_backend);
        show.setChecked(Settings.showBackend(requireContext()));
        show.setOnCheckedChangeListener((b, checked) -> Settings.setShowBackend(requireContext(), checked));

        TextView lines = view.findViewById(R.id.settings_backends);
        TextView technical = view.findViewById(R.id.settings_backend_details);
        backends.observe(getViewLifecycleOwner(), lines::setText);
        details.observe(getViewLifecycleOwner(), d -> {
            technical.setVisibility(d == null ? View.GONE : View.VISIBLE);
            technical.setText(d);
        });
        AppContainer app = AppContainer.get(requireContext());
        Context c = requireContext();
        // The predictor may have to open a model (and a GPU delegate) to know its backend: not on the main thread.
        app.io().execute(() -> {
            Predictor p = app.predictor();
            try {
                String handwriting = p.backend(Domain.HANDWRITING), plant = p.backend(Domain.PLANT);
                String text = c.getString(R.string.settings_backend_line, c.getString(R.string.mydata_domain_handwriting), EngineText.of(c, handwriting))
                        + "\n" + c.getString(R.string.settings_backend_line, c.getString(R.string.mydata_domain_plant), EngineText.of(c, plant));
                if (EngineText.isFallback(handwriting) || EngineText.isFallback(plant)) {
                    text += "\n\n" + c.getString(R.string.settings_engine_fallback);
                }
                if (EngineText.isGpuMismatch(handwriting) || EngineText.isGpuMismatch(plant)) {
                    text += "\n\n" + c.getString(R.string.settings_engine_gpu_mismatch);
                }
                backends.postValue(text);
                details.postValue(c.getString(R.string.settings_engine_details, handwriting + "\n" + plant));
            } catch (RuntimeException e) {
                backends.postValue(new Failure(R.string.settings_failed, e).text(c));
                details.postValue(null);
            }
        });
    }
}
