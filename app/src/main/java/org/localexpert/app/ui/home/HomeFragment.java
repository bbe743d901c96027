package org.localexpert.app.ui.home;

import android.app.ActivityManager;
import android.os.Build;
import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.TextView;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.fragment.app.Fragment;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.ui.common.ModelText;
import org.localexpert.app.ui.common.Navigation;
import org.localexpert.app.ui.common.ViewModels;
import org.localexpert.app.ui.handwriting.TeachFragment;
import org.localexpert.app.ui.handwriting.WriteFragment;
import org.localexpert.app.ui.mydata.MyDataFragment;
import org.localexpert.app.ui.personalize.PersonalizeFragment;
import org.localexpert.app.ui.plant.DiagnoseFragment;
import org.localexpert.app.ui.settings.SettingsFragment;

/**
 * The first screen: the two domains, the model each one runs now, and the ways into using, teaching
 * and personalizing them; My data and settings below.
 */
public final class HomeFragment extends Fragment {
    private HomeViewModel model;

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.home_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        AppContainer app = AppContainer.get(requireContext());
        model = ViewModels.of(this, HomeViewModel.class, () -> new HomeViewModel(app.models(), app.io()));

        TextView handwriting = view.findViewById(R.id.home_handwriting_model);
        TextView plant = view.findViewById(R.id.home_plant_model);
        TextView error = view.findViewById(R.id.home_error);
        model.handwriting().observe(getViewLifecycleOwner(), m -> handwriting.setText(describe(m)));
        model.plant().observe(getViewLifecycleOwner(), m -> plant.setText(describe(m)));
        model.error().observe(getViewLifecycleOwner(), e -> {
            error.setVisibility(e == null ? View.GONE : View.VISIBLE);
            error.setText(e == null ? null : e.text(requireContext()));
        });

        view.findViewById(R.id.home_write).setOnClickListener(v -> Navigation.open(this, new WriteFragment()));
        view.findViewById(R.id.home_teach).setOnClickListener(v -> Navigation.open(this, new TeachFragment()));
        view.findViewById(R.id.home_handwriting_personalize).setOnClickListener(
                v -> Navigation.open(this, PersonalizeFragment.newInstance(Domain.HANDWRITING)));
        view.findViewById(R.id.home_diagnose).setOnClickListener(v -> Navigation.open(this, new DiagnoseFragment()));
        view.findViewById(R.id.home_plant_personalize).setOnClickListener(
                v -> Navigation.open(this, PersonalizeFragment.newInstance(Domain.PLANT)));
        view.findViewById(R.id.home_my_data).setOnClickListener(v -> Navigation.open(this, new MyDataFragment()));
        view.findViewById(R.id.home_settings).setOnClickListener(v -> Navigation.open(this, new SettingsFragment()));

        TextView phone = view.findViewById(R.id.home_phone_status);
        view.findViewById(R.id.home_check_phone).setOnClickListener(v -> phone.setText(describePhone()));
    }

    @Override
    public void onResume() {
        super.onResume();
        model.refresh();
    }

    private String describe(ModelInfo m) {
        return m == null ? getString(R.string.home_model_loading) : ModelText.describe(requireContext(), m);
    }

    /** What the phone offers for training on the device: cores and the memory Android grants the app. */
    private String describePhone() {
        ActivityManager activities = requireContext().getSystemService(ActivityManager.class);
        int cores = Runtime.getRuntime().availableProcessors();
        return getString(R.string.home_phone_checked, cores, activities.getMemoryClass(), Build.VERSION.RELEASE);
    }
}
