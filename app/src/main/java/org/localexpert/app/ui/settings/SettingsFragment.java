package org.localexpert.app.ui.settings;

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

/** Settings: the "show backend and latency" switch, and what runs each domain's model on this phone. */
public class SettingsFragment extends Fragment {
    private final MutableLiveData<String> backends = new MutableLiveData<>();

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
        backends.observe(getViewLifecycleOwner(), lines::setText);
        AppContainer app = AppContainer.get(requireContext());
        String handwriting = getString(R.string.mydata_domain_handwriting);
        String plant = getString(R.string.mydata_domain_plant);
        android.content.res.Resources res = getResources();
        // The predictor may have to open a model (and a GPU delegate) to know its backend: not on the main thread.
        app.io().execute(() -> {
            Predictor p = app.predictor();
            String text;
            try {
                text = res.getString(R.string.settings_backend_line, handwriting, p.backend(Domain.HANDWRITING)) + "\n"
                        + res.getString(R.string.settings_backend_line, plant, p.backend(Domain.PLANT));
            } catch (RuntimeException e) {
                text = String.valueOf(e.getMessage());
            }
            backends.postValue(text);
        });
    }
}
