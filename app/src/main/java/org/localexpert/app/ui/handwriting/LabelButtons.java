package org.localexpert.app.ui.handwriting;

import android.view.ViewGroup;
import android.widget.Button;
import android.widget.HorizontalScrollView;
import android.widget.LinearLayout;

import androidx.annotation.StringRes;

import org.localexpert.app.data.Domain;
import org.localexpert.app.text.LabelText;

import java.util.List;
import java.util.function.Consumer;

/** A row of one button per label (digits and the user's own labels): the one-tap way to name a drawing. */
final class LabelButtons {
    /** The smallest touch target Android's accessibility guidelines allow, in dp, both ways. */
    static final int MIN_TOUCH_DP = 48;

    private LabelButtons() {
    }

    /**
     * Replaces the row's buttons; the {@code selected} label (may be null) is shown pressed. {@code description}
     * is what TalkBack says for a button, a string with the label as {@code %1$s} (e.g. "Save the drawing as %1$s").
     */
    static void fill(LinearLayout row, List<String> labels, String selected, @StringRes int description, Consumer<String> onTap) {
        row.removeAllViews();
        int min = Math.round(MIN_TOUCH_DP * row.getResources().getDisplayMetrics().density);
        Button chosen = null;
        for (String label : labels) {
            Button b = new Button(row.getContext());
            String name = LabelText.of(row.getContext(), Domain.HANDWRITING, label);
            b.setText(name);
            b.setAllCaps(false);
            b.setMinWidth(min);
            b.setMinimumWidth(min);
            b.setMinHeight(min);
            b.setMinimumHeight(min);
            b.setSelected(label.equals(selected));
            b.setAlpha(selected == null || label.equals(selected) ? 1f : 0.6f);
            b.setContentDescription(row.getContext().getString(description, name));
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
