package org.localexpert.app.ui.handwriting;

import android.view.ViewGroup;
import android.widget.Button;
import android.widget.HorizontalScrollView;
import android.widget.LinearLayout;

import java.util.List;
import java.util.function.Consumer;

/** A row of one small button per label (digits and the user's own labels): the one-tap way to name a drawing. */
final class LabelButtons {
    private LabelButtons() {
    }

    /** Replaces the row's buttons; the {@code selected} label (may be null) is shown pressed. */
    static void fill(LinearLayout row, List<String> labels, String selected, Consumer<String> onTap) {
        row.removeAllViews();
        Button chosen = null;
        for (String label : labels) {
            Button b = new Button(row.getContext());
            b.setText(label);
            b.setAllCaps(false);
            b.setMinWidth(0);
            b.setMinimumWidth(0);
            b.setSelected(label.equals(selected));
            b.setAlpha(selected == null || label.equals(selected) ? 1f : 0.6f);
            b.setContentDescription("label " + label);
            b.setOnClickListener(v -> onTap.accept(label));
            row.addView(b, new LinearLayout.LayoutParams(ViewGroup.LayoutParams.WRAP_CONTENT, ViewGroup.LayoutParams.WRAP_CONTENT));
            if (label.equals(selected)) chosen = b;
        }
        if (chosen != null && row.getParent() instanceof HorizontalScrollView) {
            // a label added at the end of a long row must come into sight once laid out
            Button target = chosen;
            HorizontalScrollView scroller = (HorizontalScrollView) row.getParent();
            row.post(() -> {
                if (target.getRight() > scroller.getWidth()) scroller.scrollTo(target.getRight() - scroller.getWidth(), 0);
            });
        }
    }
}
