package org.localexpert.app.ui.plant;

import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.ArrayAdapter;
import android.widget.EditText;
import android.widget.ImageView;
import android.widget.ListView;
import android.widget.TextView;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.appcompat.app.AlertDialog;
import androidx.fragment.app.Fragment;

import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Date;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.DiagnosisRecord;
import org.localexpert.app.data.DiagnosisRepository;
import org.localexpert.app.data.Domain;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.common.ModelText;
import org.localexpert.app.ui.common.ViewModels;

/**
 * The diagnosis history: photo, label (or "unsure"), date and the user's note; tap a row to edit its note, its bin to
 * delete it with its photo (after asking).
 */
public class HistoryFragment extends Fragment {
    private HistoryViewModel model;
    private Thumbnails thumbnails;

    public HistoryFragment() {
    }

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.plant_history_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        AppContainer app = AppContainer.get(requireContext());
        model = ViewModels.of(this, HistoryViewModel.class, () -> new HistoryViewModel(app.diagnoses(), app.io()));
        thumbnails = new Thumbnails(app.io());
        DiagnosisRepository history = app.diagnoses();

        ListView list = view.findViewById(R.id.plant_history_list);
        TextView empty = view.findViewById(R.id.plant_history_empty);
        ArrayAdapter<DiagnosisRecord> adapter = new ArrayAdapter<DiagnosisRecord>(requireContext(), R.layout.plant_history_row, new ArrayList<>()) {
            @NonNull
            @Override
            public View getView(int position, @Nullable View row, @NonNull ViewGroup parent) {
                View v = row != null ? row : LayoutInflater.from(getContext()).inflate(R.layout.plant_history_row, parent, false);
                DiagnosisRecord d = getItem(position);
                String probability = ModelText.percent(d.probability, 0);
                String name = LabelText.of(requireContext(), Domain.PLANT, d.label);
                String label = d.unsure ? getString(R.string.plant_unsure_result, name) : name;
                ((TextView) v.findViewById(R.id.plant_history_label)).setText(getString(R.string.plant_result, label, probability));
                ((TextView) v.findViewById(R.id.plant_history_date)).setText(
                        DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT).format(new Date(d.created)));
                ((TextView) v.findViewById(R.id.plant_history_note)).setText(d.note == null ? getString(R.string.plant_history_no_note) : d.note);
                ImageView thumb = v.findViewById(R.id.plant_history_thumb);
                if (d.imageFile != null) thumbnails.into(thumb, "diagnosis-" + d.id, () -> history.photo(d));
                else thumb.setImageBitmap(null);
                v.findViewById(R.id.plant_history_delete).setOnClickListener(b -> confirmDelete(d));
                return v;
            }
        };
        list.setAdapter(adapter);
        list.setOnItemClickListener((parent, v, position, id) -> editNote(adapter.getItem(position)));
        TextView error = view.findViewById(R.id.plant_history_error);
        model.error().observe(getViewLifecycleOwner(), e -> {
            error.setVisibility(e == null ? View.GONE : View.VISIBLE);
            error.setText(e == null ? null : e.text(requireContext()));
        });
        model.rows().observe(getViewLifecycleOwner(), rows -> {
            adapter.clear();
            adapter.addAll(rows);
            empty.setVisibility(rows.isEmpty() ? View.VISIBLE : View.GONE);
        });
        model.refresh();
    }

    private void confirmDelete(DiagnosisRecord d) {
        new AlertDialog.Builder(requireContext())
                .setTitle(R.string.plant_history_delete_title)
                .setMessage(R.string.plant_history_delete_message)
                .setPositiveButton(R.string.plant_history_delete_confirm, (dialog, which) -> model.delete(d.id))
                .setNegativeButton(R.string.plant_cancel, null)
                .show();
    }

    private void editNote(DiagnosisRecord d) {
        EditText note = new EditText(requireContext());
        note.setId(R.id.plant_history_note_edit);
        note.setHint(R.string.plant_history_note_hint);
        note.setText(d.note);
        new AlertDialog.Builder(requireContext())
                .setTitle(R.string.plant_history_note_title)
                .setView(note)
                .setPositiveButton(R.string.plant_save, (dialog, which) -> model.setNote(d.id, note.getText().toString()))
                .setNegativeButton(R.string.plant_cancel, null)
                .show();
    }
}
