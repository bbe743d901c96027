package org.localexpert.app.ui.mydata;

import android.net.Uri;
import android.os.Bundle;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.ArrayAdapter;
import android.widget.ListView;
import android.widget.RadioGroup;
import android.widget.TextView;

import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.annotation.ColorRes;
import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.annotation.StringRes;
import androidx.appcompat.app.AlertDialog;
import androidx.core.content.ContextCompat;
import androidx.fragment.app.Fragment;

import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.localexpert.app.AppContainer;
import org.localexpert.app.R;
import org.localexpert.app.data.Domain;
import org.localexpert.app.data.SampleRecord;
import org.localexpert.app.data.SampleRepository;
import org.localexpert.app.text.LabelText;
import org.localexpert.app.ui.common.ViewModels;
import org.localexpert.app.ui.plant.Thumbnails;

/**
 * My data: the user's samples per domain with thumbnails; tap one to relabel or delete it. "Delete all my
 * data" (after a confirmation) removes every sample, photo, diagnosis and personal model; "Export my model"
 * writes the active model of the shown domain to a document the user picks (Storage Access Framework) —
 * nothing is written outside the app unless the user asks here.
 */
public class MyDataFragment extends Fragment {
    private MyDataViewModel model;
    private ActivityResultLauncher<String> exportTo;

    public MyDataFragment() {
    }

    @Override
    public void onCreate(@Nullable Bundle state) {
        super.onCreate(state);
        AppContainer app = AppContainer.get(requireContext());
        model = ViewModels.of(this, MyDataViewModel.class, () -> new MyDataViewModel(app.samples(), app.models(), app.privacy(), app.io()));
        exportTo = registerForActivityResult(new ActivityResultContracts.CreateDocument("application/octet-stream"), this::export);
    }

    @Override
    public View onCreateView(@NonNull LayoutInflater inflater, @Nullable ViewGroup container, @Nullable Bundle state) {
        return inflater.inflate(R.layout.mydata_fragment, container, false);
    }

    @Override
    public void onViewCreated(@NonNull View view, @Nullable Bundle state) {
        AppContainer app = AppContainer.get(requireContext());
        Thumbnails thumbnails = new Thumbnails(app.io());
        ListView list = view.findViewById(R.id.mydata_list);
        TextView count = view.findViewById(R.id.mydata_count);
        TextView message = view.findViewById(R.id.mydata_message);
        DateFormat dates = DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT);

        ArrayAdapter<SampleRecord> adapter = new ArrayAdapter<SampleRecord>(requireContext(), R.layout.mydata_row, new ArrayList<>()) {
            @NonNull
            @Override
            public View getView(int position, @Nullable View row, @NonNull ViewGroup parent) {
                View v = row != null ? row : LayoutInflater.from(getContext()).inflate(R.layout.mydata_row, parent, false);
                SampleRecord s = getItem(position);
                ((TextView) v.findViewById(R.id.mydata_label)).setText(name(s.label));
                String detail = getString(R.string.mydata_row_detail, getString(sourceName(s.source)), dates.format(new Date(s.created)));
                if (s.heldOut) detail = getString(R.string.mydata_row_detail, detail, getString(R.string.mydata_held_out));
                ((TextView) v.findViewById(R.id.mydata_detail)).setText(detail);
                thumbnails.into(v.findViewById(R.id.mydata_thumb), "sample-" + s.id, () -> app.samples().imageFile(s));
                return v;
            }
        };
        list.setAdapter(adapter);
        list.setOnItemClickListener((parent, v, position, id) -> choose(adapter.getItem(position)));

        model.rows().observe(getViewLifecycleOwner(), rows -> {
            adapter.clear();
            adapter.addAll(rows);
            count.setText(rows.isEmpty() ? getString(R.string.mydata_empty)
                    : getResources().getQuantityString(R.plurals.mydata_count, rows.size(), rows.size()));
        });
        // One notice line: what was done (success colour) or what failed (error colour).
        model.message().observe(getViewLifecycleOwner(), m -> {
            if (m != null) notice(message, m, R.color.text_success);
            else if (model.failure().getValue() == null) message.setVisibility(View.GONE);
        });
        model.failure().observe(getViewLifecycleOwner(), f -> {
            if (f != null) notice(message, f.text(requireContext()), R.color.text_error);
            else if (model.message().getValue() == null) message.setVisibility(View.GONE);
        });

        RadioGroup domains = view.findViewById(R.id.mydata_domain);
        domains.setOnCheckedChangeListener((g, checked) ->
                model.show(checked == R.id.mydata_domain_handwriting ? Domain.HANDWRITING : Domain.PLANT));
        view.findViewById(R.id.mydata_delete_all).setOnClickListener(v -> confirmDeleteAll());
        view.findViewById(R.id.mydata_export).setOnClickListener(v -> exportTo.launch("localexpert-" + model.domain() + "-model.tflite"));
        model.refresh();
    }

    private static void notice(TextView view, String text, @ColorRes int colour) {
        view.setVisibility(View.VISIBLE);
        view.setText(text);
        view.setTextColor(ContextCompat.getColor(view.getContext(), colour));
    }

    /** A label's name in the user's language. */
    private String name(String label) {
        return LabelText.of(requireContext(), model.domain(), label);
    }

    /** Where a sample came from, in words. */
    @StringRes
    static int sourceName(String source) {
        if (SampleRepository.SOURCE_CAMERA.equals(source)) return R.string.mydata_source_camera;
        if (SampleRepository.SOURCE_GALLERY.equals(source)) return R.string.mydata_source_gallery;
        return R.string.mydata_source_canvas;
    }

    /** Relabel or delete one sample. */
    private void choose(SampleRecord s) {
        String[] actions = {getString(R.string.mydata_relabel), getString(R.string.mydata_delete)};
        new AlertDialog.Builder(requireContext())
                .setTitle(name(s.label))
                .setItems(actions, (dialog, which) -> {
                    if (which == 0) relabel(s);
                    else model.delete(s.id);
                })
                .setNegativeButton(R.string.mydata_cancel, null)
                .show();
    }

    private void relabel(SampleRecord s) {
        List<String> labels = model.labels().getValue();
        if (labels == null || labels.isEmpty()) return;
        String[] names = LabelText.of(requireContext(), model.domain(), labels).toArray(new String[0]);
        new AlertDialog.Builder(requireContext())
                .setTitle(R.string.mydata_relabel)
                .setSingleChoiceItems(names, labels.indexOf(s.label), (dialog, which) -> {
                    model.relabel(s.id, labels.get(which));
                    dialog.dismiss();
                })
                .setNegativeButton(R.string.mydata_cancel, null)
                .show();
    }

    private void confirmDeleteAll() {
        new AlertDialog.Builder(requireContext())
                .setTitle(R.string.mydata_delete_all_title)
                .setMessage(R.string.mydata_delete_all_message)
                .setPositiveButton(R.string.mydata_delete_all_confirm, (d, w) -> model.deleteAll(getString(R.string.mydata_deleted_all)))
                .setNegativeButton(R.string.mydata_cancel, null)
                .show();
    }

    private void export(Uri uri) {
        if (uri == null) return; // the user cancelled the document picker
        android.content.ContentResolver documents = requireContext().getContentResolver();
        model.export(() -> documents.openOutputStream(uri), getString(R.string.mydata_exported));
    }
}
