package org.localexpert.app.ui.handwriting;

import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.fragment.app.Fragment;

import java.util.Map;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.common.Navigation;
import org.localexpert.app.ui.common.ViewModels;
import org.localexpert.app.ui.personalize.PersonalizeFragment;

/**
 * Handwriting — teach: "Write 3" — the user writes the prompted character several times and saves
 * each one as a sample; another character (or a new one the user names) can be picked at any time.
 */
public final class TeachFragment extends Fragment {
    private TeachViewModel model;
    private DrawingView canvas;

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.hand_teach_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        AppContainer app = AppContainer.get(requireContext());
        model = ViewModels.of(this, TeachViewModel.class, () -> new TeachViewModel(app.samples(), app.io()));
        canvas = view.findViewById(R.id.teach_canvas);
        canvas.setStrokes(model.strokes());
        canvas.setListener(model::onStrokesChanged);
        TextView prompt = view.findViewById(R.id.teach_prompt);
        TextView progress = view.findViewById(R.id.teach_progress);
        TextView notice = view.findViewById(R.id.teach_notice);
        LinearLayout labelRow = view.findViewById(R.id.teach_label_row);
        EditText newLabel = view.findViewById(R.id.teach_new_label);

        Runnable render = () -> {
            String p = model.prompt().getValue();
            prompt.setText(p == null ? "" : getString(R.string.teach_prompt, LabelText.of(requireContext(), Domain.HANDWRITING, p)));
            Map<String, Integer> counts = model.counts().getValue();
            int stored = p == null || counts == null || !counts.containsKey(p) ? 0 : counts.get(p);
            progress.setText(getString(R.string.teach_progress, model.round().getValue() + 1, TeachViewModel.REPEATS, stored));
            LabelButtons.fill(labelRow, model.labels().getValue(), p, R.string.teach_choose_button_description, model::choose);
        };
        model.prompt().observe(getViewLifecycleOwner(), p -> render.run());
        model.round().observe(getViewLifecycleOwner(), r -> render.run());
        model.counts().observe(getViewLifecycleOwner(), c -> render.run());
        model.labels().observe(getViewLifecycleOwner(), l -> render.run());
        model.notice().observe(getViewLifecycleOwner(), n -> notice.setText(n == null ? null : n.text(requireContext())));

        view.findViewById(R.id.teach_undo).setOnClickListener(v -> canvas.undo());
        view.findViewById(R.id.teach_clear).setOnClickListener(v -> canvas.clear());
        view.findViewById(R.id.teach_save).setOnClickListener(v -> {
            if (canvas.isEmpty()) {
                notice.setText(R.string.hand_draw_first);
            } else if (model.save(canvas.strokes())) {
                canvas.clear();
            }
        });
        view.findViewById(R.id.teach_add_label).setOnClickListener(v -> {
            model.addLabel(newLabel.getText().toString());
            newLabel.setText(null);
        });
        view.findViewById(R.id.teach_personalize).setOnClickListener(
                v -> Navigation.open(this, PersonalizeFragment.newInstance(Domain.HANDWRITING)));
    }
}
