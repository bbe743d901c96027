package org.localexpert.app.ui.handwriting;

import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.LinearLayout;
import android.widget.TextView;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.fragment.app.Fragment;

import java.util.Locale;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.text.EngineText;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.common.ModelText;
import org.localexpert.app.ui.common.ViewModels;
import org.localexpert.app.ui.settings.Settings;
import org.localexpert.core.predict.Prediction;

/**
 * Handwriting — use: write a character with the finger; after every stroke the model says what it
 * reads, how sure it is and who answered (the shipped model or "you", the personal one). A wrong
 * answer is corrected with one tap on the right label, which stores the drawing as a sample.
 */
public final class WriteFragment extends Fragment {
    private WriteViewModel model;
    private DrawingView canvas;
    private TextView label, detail, backend, notice;

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.hand_write_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        AppContainer app = AppContainer.get(requireContext());
        model = ViewModels.of(this, WriteViewModel.class, () -> new WriteViewModel(app.predictor(), app.samples(), app.io()));
        canvas = view.findViewById(R.id.hand_canvas);
        label = view.findViewById(R.id.hand_result_label);
        detail = view.findViewById(R.id.hand_result_detail);
        backend = view.findViewById(R.id.hand_backend);
        notice = view.findViewById(R.id.hand_notice);
        LinearLayout correctRow = view.findViewById(R.id.hand_correct_row);

        canvas.setStrokes(model.strokes());
        canvas.setListener(strokes -> {
            notice.setText(null);
            model.onStrokesChanged(strokes);
        });
        view.findViewById(R.id.hand_undo).setOnClickListener(v -> canvas.undo());
        view.findViewById(R.id.hand_clear).setOnClickListener(v -> canvas.clear());

        model.result().observe(getViewLifecycleOwner(), this::show);
        model.labels().observe(getViewLifecycleOwner(),
                labels -> LabelButtons.fill(correctRow, labels, null, R.string.hand_correct_button_description, this::correct));
        model.notice().observe(getViewLifecycleOwner(), n -> notice.setText(n == null ? null : n.text(requireContext())));
    }

    private void correct(String right) {
        if (!model.correct(right)) {
            notice.setText(R.string.hand_draw_first);
            return;
        }
        canvas.clear(); // ready for the next character
    }

    private void show(@Nullable WriteViewModel.Result r) {
        if (r == null) {
            label.setText(R.string.hand_no_prediction_label);
            detail.setText(R.string.hand_no_prediction);
            backend.setVisibility(View.GONE);
            return;
        }
        Prediction p = r.prediction;
        label.setText(LabelText.of(requireContext(), Domain.HANDWRITING, p.label()));
        String who = getString(p.expert() == Prediction.Expert.LOCAL ? R.string.hand_by_you : R.string.hand_by_ge);
        detail.setText(p.unsure()
                ? getString(R.string.hand_unsure, ModelText.percent(p.probability()), who)
                : getString(R.string.hand_sure, ModelText.percent(p.probability()), who));
        if (Settings.showBackend(requireContext())) { // the settings screen's switch
            backend.setVisibility(View.VISIBLE);
            String ms = String.format(Locale.getDefault(), "%.1f", p.nanos() / 1e6);
            backend.setText(r.backend.isEmpty() ? getString(R.string.hand_latency, ms)
                    : getString(R.string.hand_backend, EngineText.of(requireContext(), r.backend), ms));
        } else {
            backend.setVisibility(View.GONE);
        }
    }

}
