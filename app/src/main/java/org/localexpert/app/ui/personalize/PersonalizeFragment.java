package org.localexpert.app.ui.personalize;

import android.Manifest;
import android.content.pm.PackageManager;
import android.os.Build;
import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.TextView;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.core.content.ContextCompat;
import androidx.fragment.app.Fragment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.ModelInfo;
import org.localexpert.app.data.TrainingStatus;
import org.localexpert.app.text.Failure;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.common.ModelText;
import org.localexpert.app.ui.common.ViewModels;

/**
 * Personalize one domain: samples per class against the minimum, "Train my model" (runs in the
 * background; progress, cancel), then the held-out accuracy per class before and after as a chart,
 * rollback to the previous version, and the kept versions.
 */
public final class PersonalizeFragment extends Fragment {
    private static final String ARG_DOMAIN = "domain";

    private PersonalizeViewModel model;
    /** The model version whose arrival was last turned into a refresh, so one SUCCEEDED refreshes once. */
    private String refreshedFor;
    /**
     * Android 13+ shows the training notification (progress, Cancel) only with POST_NOTIFICATIONS.
     * Training starts whatever the answer: the screen shows the same progress.
     */
    private ActivityResultLauncher<String> askNotifications;

    @Override
    public void onCreate(@Nullable Bundle state) {
        super.onCreate(state);
        askNotifications = registerForActivityResult(new ActivityResultContracts.RequestPermission(), granted -> model.train());
    }

    public static PersonalizeFragment newInstance(String domain) {
        Bundle args = new Bundle();
        args.putString(ARG_DOMAIN, Domain.check(domain));
        PersonalizeFragment f = new PersonalizeFragment();
        f.setArguments(args);
        return f;
    }

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.personalize_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        String domain = domain();
        AppContainer app = AppContainer.get(requireContext());
        model = ViewModels.of(this, PersonalizeViewModel.class,
                () -> new PersonalizeViewModel(domain, app.samples(), app.models(), app.training(), app.io()));

        TextView title = view.findViewById(R.id.personalize_title);
        title.setText(Domain.PLANT.equals(domain) ? R.string.personalize_title_plant : R.string.personalize_title_handwriting);
        Button train = view.findViewById(R.id.personalize_train);
        Button cancel = view.findViewById(R.id.personalize_cancel);
        Button rollback = view.findViewById(R.id.personalize_rollback);
        train.setOnClickListener(v -> {
            if (Build.VERSION.SDK_INT >= 33 && ContextCompat.checkSelfPermission(requireContext(),
                    Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED) {
                askNotifications.launch(Manifest.permission.POST_NOTIFICATIONS);
            } else {
                model.train();
            }
        });
        cancel.setOnClickListener(v -> model.cancel());
        rollback.setOnClickListener(v -> model.rollback());

        model.readiness().observe(getViewLifecycleOwner(), r -> {
            showCounts(view, r);
            updateButtons(view);
        });
        model.status().observe(getViewLifecycleOwner(), s -> {
            showStatus(view, s);
            updateButtons(view);
            if (s != null && s.state == TrainingStatus.State.SUCCEEDED && s.result != null && !s.result.version.equals(refreshedFor)) {
                refreshedFor = s.result.version;
                model.refresh(); // the new model is active now: header, history and rollback follow
            }
        });
        model.active().observe(getViewLifecycleOwner(), m -> {
            ((TextView) view.findViewById(R.id.personalize_active)).setText(m == null ? "" : ModelText.describe(requireContext(), m));
            showResult(view, m);
            updateButtons(view);
        });
        model.history().observe(getViewLifecycleOwner(), h -> showHistory(view, h));
        model.error().observe(getViewLifecycleOwner(), e -> {
            TextView error = view.findViewById(R.id.personalize_error);
            error.setVisibility(e == null ? View.GONE : View.VISIBLE);
            error.setText(e == null ? null : e.text(requireContext()));
        });
    }

    @Override
    public void onResume() {
        super.onResume();
        model.refresh(); // samples may have been added or deleted on another screen
    }

    private void showCounts(View view, PersonalizeViewModel.Readiness r) {
        ((TextView) view.findViewById(R.id.personalize_minimum)).setText(getString(R.string.personalize_minimum, r.minimum));
        LinearLayout rows = view.findViewById(R.id.personalize_counts);
        rows.removeAllViews();
        // A grid of small cells (name over count): ten digits take two lines, long plant names get wider cells.
        int longest = 0;
        for (String label : r.counts.keySet()) longest = Math.max(longest, name(label).length());
        int perRow = longest <= 3 ? 5 : 2;
        LinearLayout row = null;
        for (Map.Entry<String, Integer> e : r.counts.entrySet()) {
            if (row == null || row.getChildCount() == perRow) {
                row = new LinearLayout(requireContext());
                row.setWeightSum(perRow);
                rows.addView(row);
            }
            int n = e.getValue();
            TextView cell = new TextView(requireContext());
            cell.setText(name(e.getKey()) + "\n" + (n >= r.minimum ? getString(R.string.personalize_count_ready, n)
                    : getString(R.string.personalize_count_short, n, r.minimum - n)));
            cell.setGravity(android.view.Gravity.CENTER);
            cell.setTextAppearance(R.style.TextAppearance_AppCompat_Body1);
            cell.setPadding(4, 6, 4, 6);
            if (n < r.minimum) cell.setAlpha(n == 0 ? 0.65f : 0.85f); // fainter, still readable (4.5:1)
            row.addView(cell, new LinearLayout.LayoutParams(0, ViewGroup.LayoutParams.WRAP_CONTENT, 1f));
        }
        TextView verdict = view.findViewById(R.id.personalize_verdict);
        if (r.canTrain()) {
            int ready = r.readyClasses().size();
            verdict.setText(getResources().getQuantityString(R.plurals.personalize_ready, ready, ready));
        } else if (!r.shortClasses().isEmpty()) {
            String names = String.join(getString(R.string.common_list_separator), LabelText.of(requireContext(), domain(), r.shortClasses()));
            verdict.setText(getString(R.string.personalize_fill_short, names, r.minimum));
        } else {
            verdict.setText(getString(R.string.personalize_need_two, r.minimum));
        }
    }

    private void showStatus(View view, @Nullable TrainingStatus s) {
        TextView state = view.findViewById(R.id.personalize_state);
        ProgressBar bar = view.findViewById(R.id.personalize_progress);
        PersonalizeViewModel.StatusView v = PersonalizeViewModel.describe(s);
        bar.setVisibility(v.working ? View.VISIBLE : View.GONE);
        bar.setIndeterminate(v.indeterminate);
        bar.setProgress(v.permille);
        if (v.words == R.string.personalize_state_running) {
            state.setText(getString(v.words, v.percent, v.detail));
        } else if (v.words == R.string.training_failed) { // the worker's message is what to do, in the user's language
            state.setText(getString(v.words, v.detail != null ? v.detail : Failure.advice(requireContext(), null)));
        } else {
            state.setText(v.detail == null ? getString(v.words) : getString(v.words, v.detail));
        }
        if (s != null && s.state == TrainingStatus.State.SUCCEEDED && s.result != null) showResult(view, s.result);
    }

    /** The before/after chart of a personal model; hidden for the shipped one (nothing to compare yet). */
    private void showResult(View view, @Nullable ModelInfo m) {
        View panel = view.findViewById(R.id.personalize_result_panel);
        if (m == null || !m.personal) {
            panel.setVisibility(View.GONE);
            return;
        }
        panel.setVisibility(View.VISIBLE);
        TextView summary = view.findViewById(R.id.personalize_result);
        summary.setText(getString(R.string.personalize_result, m.version, ModelText.percent(m.accuracyBefore), ModelText.percent(m.accuracyAfter)));
        Map<String, float[]> named = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : m.perClass.entrySet()) named.put(name(e.getKey()), e.getValue());
        ((AccuracyChartView) view.findViewById(R.id.personalize_chart)).setData(named);
    }

    private String domain() {
        return Domain.check(requireArguments().getString(ARG_DOMAIN));
    }

    /** A label's name in the user's language. */
    private String name(String label) {
        return LabelText.of(requireContext(), domain(), label);
    }

    private void updateButtons(View view) {
        boolean working = PersonalizeViewModel.describe(model.status().getValue()).working;
        view.findViewById(R.id.personalize_train).setEnabled(model.canTrain());
        view.findViewById(R.id.personalize_cancel).setVisibility(working ? View.VISIBLE : View.GONE);
        view.findViewById(R.id.personalize_rollback).setEnabled(model.canRollback());
    }

    private void showHistory(View view, List<ModelInfo> history) {
        LinearLayout rows = view.findViewById(R.id.personalize_history);
        rows.removeAllViews();
        for (ModelInfo m : history) {
            TextView row = new TextView(requireContext());
            String text = ModelText.describe(requireContext(), m);
            row.setText(m.active ? getString(R.string.personalize_history_active, text) : text);
            row.setTextAppearance(R.style.TextAppearance_AppCompat_Small);
            row.setPadding(0, 4, 0, 4);
            rows.addView(row);
        }
    }
}
