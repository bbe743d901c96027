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
    /** Which engine runs each domain, or why that could not be found out: raw names, worded on the main thread. */
    private static final class Engines {
        final String handwriting, plant;
        final RuntimeException failure;

        Engines(String handwriting, String plant, RuntimeException failure) {
            this.handwriting = handwriting;
            this.plant = plant;
            this.failure = failure;
        }
    }

    private final MutableLiveData<Engines> engines = new MutableLiveData<>();

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
        engines.observe(getViewLifecycleOwner(), e -> show(e, lines, technical));
        AppContainer app = AppContainer.get(requireContext());
        // The predictor may have to open a model (and a GPU delegate) to know its backend: not on the main thread.
        // Only the engines' names come back from there; resources are read on the main thread, as everywhere else.
        app.io().execute(() -> {
            Predictor p = app.predictor();
            try {
                engines.postValue(new Engines(p.backend(Domain.HANDWRITING), p.backend(Domain.PLANT), null));
            } catch (RuntimeException e) {
                engines.postValue(new Engines(null, null, e));
            }
        });
    }

    private void show(Engines e, TextView lines, TextView technical) {
        Context c = requireContext();
        if (e.failure != null) {
            lines.setText(new Failure(R.string.settings_failed, e.failure).text(c));
            technical.setVisibility(View.GONE);
            technical.setText(null);
            return;
        }
        String text = c.getString(R.string.settings_backend_line, c.getString(R.string.mydata_domain_handwriting), EngineText.of(c, e.handwriting))
                + "\n" + c.getString(R.string.settings_backend_line, c.getString(R.string.mydata_domain_plant), EngineText.of(c, e.plant));
        if (EngineText.isFallback(e.handwriting) || EngineText.isFallback(e.plant)) {
            text += "\n\n" + c.getString(R.string.settings_engine_fallback);
        }
        if (EngineText.isGpuMismatch(e.handwriting) || EngineText.isGpuMismatch(e.plant)) {
            text += "\n\n" + c.getString(R.string.settings_engine_gpu_mismatch);
        }
        lines.setText(text);
        technical.setVisibility(View.VISIBLE);
        technical.setText(c.getString(R.string.settings_engine_details, e.handwriting + "\n" + e.plant));
    }
}
