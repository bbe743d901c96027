package org.localexpert.app.ui.personalize;

import android.content.Context;
import android.graphics.Canvas;
import android.graphics.Paint;
import android.util.AttributeSet;
import android.util.TypedValue;
import android.view.View;

import androidx.core.content.ContextCompat;

import org.localexpert.app.R;
import org.localexpert.app.ui.common.ModelText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Held-out accuracy per class before (the shipped model) and after (the user's model), as pairs of
 * bars from 0 to 100 %: grey = before, green = after (colours from the theme). A class without held-out
 * samples (NaN) shows a dash instead of bars, so "no data" never looks like "0 %". The labels are shown
 * as given: the caller passes names in the user's language.
 */
public final class AccuracyChartView extends View {
    private final int beforeColor;
    private final int afterColor;
    private final List<String> labels = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();
    private final Paint bar = new Paint(Paint.ANTI_ALIAS_FLAG);
    private final Paint text = new Paint(Paint.ANTI_ALIAS_FLAG);
    private final Paint grid = new Paint();
    private final float dp;

    public AccuracyChartView(Context context) {
        this(context, null);
    }

    public AccuracyChartView(Context context, AttributeSet attrs) {
        super(context, attrs);
        dp = TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, 1, getResources().getDisplayMetrics());
        beforeColor = ContextCompat.getColor(context, R.color.chart_before);
        afterColor = ContextCompat.getColor(context, R.color.chart_after);
        text.setColor(ContextCompat.getColor(context, R.color.chart_text));
        text.setTextSize(11 * dp);
        text.setTextAlign(Paint.Align.CENTER);
        grid.setColor(ContextCompat.getColor(context, R.color.chart_grid));
        grid.setStrokeWidth(dp);
    }

    /** {@code perClass}: label -> {before, after}, shares in [0, 1] or NaN. */
    public void setData(Map<String, float[]> perClass) {
        labels.clear();
        values.clear();
        for (Map.Entry<String, float[]> e : perClass.entrySet()) {
            float[] v = e.getValue();
            if (v == null || v.length < 2) throw new IllegalArgumentException("class '" + e.getKey() + "' needs {before, after}");
            labels.add(e.getKey());
            values.add(new float[] {v[0], v[1]});
        }
        setContentDescription(describe());
        invalidate();
    }

    public List<String> labels() {
        return Collections.unmodifiableList(labels);
    }

    /** The chart as text, for screen readers and tests: "0: 80 % → 95 %; 1: ...". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) s.append("; ");
            s.append(getContext().getString(R.string.personalize_chart_class, labels.get(i),
                    percent(values.get(i)[0]), percent(values.get(i)[1])));
        }
        return s.toString();
    }

    private String percent(float share) {
        return Float.isNaN(share) ? getContext().getString(R.string.personalize_chart_no_sample) : ModelText.percent(share, 0);
    }

    @Override
    protected void onMeasure(int widthSpec, int heightSpec) {
        int width = MeasureSpec.getSize(widthSpec);
        int height = resolveSize((int) (160 * dp), heightSpec);
        setMeasuredDimension(width, height);
    }

    @Override
    protected void onDraw(Canvas canvas) {
        super.onDraw(canvas);
        float left = 34 * dp, right = getWidth() - 4 * dp, top = 8 * dp, bottom = getHeight() - 18 * dp;
        // grid and axis labels every 25 %
        text.setTextAlign(Paint.Align.RIGHT);
        for (int pct = 0; pct <= 100; pct += 25) {
            float y = bottom - (bottom - top) * pct / 100f;
            canvas.drawLine(left, y, right, y, grid);
            canvas.drawText(ModelText.percent(pct / 100f, 0).replace("\u00A0", ""), left - 4 * dp, y + 4 * dp, text); // the user's digits
        }
        text.setTextAlign(Paint.Align.CENTER);
        int n = labels.size();
        if (n == 0) return;
        float slot = (right - left) / n;
        float barWidth = Math.min(14 * dp, slot * 0.35f);
        for (int i = 0; i < n; i++) {
            float centre = left + slot * (i + 0.5f);
            float[] v = values.get(i);
            if (Float.isNaN(v[0]) && Float.isNaN(v[1])) {
                canvas.drawText("–", centre, bottom - 4 * dp, text);
            } else {
                drawBar(canvas, centre - barWidth, barWidth, v[0], top, bottom, beforeColor);
                drawBar(canvas, centre, barWidth, v[1], top, bottom, afterColor);
            }
            canvas.drawText(ellipsize(labels.get(i), slot), centre, getHeight() - 4 * dp, text);
        }
    }

    private void drawBar(Canvas canvas, float x, float width, float share, float top, float bottom, int color) {
        if (Float.isNaN(share)) return;
        bar.setColor(color);
        float y = bottom - (bottom - top) * Math.max(0f, Math.min(1f, share));
        canvas.drawRect(x, y, x + width, bottom, bar);
    }

    /** Plant class names are long: cut them to the width of their slot. */
    private String ellipsize(String label, float width) {
        if (text.measureText(label) <= width) return label;
        for (int end = label.length() - 1; end > 0; end--) {
            String s = label.substring(0, end) + "…";
            if (text.measureText(s) <= width) return s;
        }
        return "…";
    }
}
