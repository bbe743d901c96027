package org.localexpert.app.ui.handwriting;

import android.content.Context;
import android.graphics.Canvas;
import android.graphics.Paint;
import android.graphics.Path;
import android.util.AttributeSet;
import android.view.MotionEvent;
import android.view.View;

import androidx.core.content.ContextCompat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.localexpert.app.R;
import org.localexpert.core.data.Stroke;

/**
 * A finger-drawing canvas: several strokes, undo, clear. It keeps the strokes as ml-core
 * {@link Stroke}s (points in view pixels plus the pen width), so the picture the model sees is made by
 * {@code HandwritingPreprocessor.fromStrokes} — the same rasterizer the host benchmarks use — and not
 * by reading back this view's pixels.
 */
public final class DrawingView extends View {

    /** Told when the user lifts the finger (a stroke ended) and when strokes are removed. */
    public interface Listener {
        void onStrokesChanged(List<Stroke> strokes);
    }

    /** Pen width as a share of the view's shorter side: thick like a felt pen, as MNIST digits are. */
    private static final float PEN_SHARE = 0.045f;

    private final List<Stroke> strokes = new ArrayList<>();
    /** The stroke being drawn: x, y, x, y, ... in view pixels. */
    private float[] current = new float[64];
    private int currentLength;
    private final Paint ink = new Paint(Paint.ANTI_ALIAS_FLAG);
    private final Path path = new Path();
    private Listener listener;

    public DrawingView(Context context) {
        this(context, null);
    }

    public DrawingView(Context context, AttributeSet attrs) {
        super(context, attrs);
        // Paper and ink follow the theme (dark paper at night); the model reads the strokes, not these pixels.
        ink.setColor(ContextCompat.getColor(context, R.color.canvas_ink));
        ink.setStyle(Paint.Style.STROKE);
        ink.setStrokeCap(Paint.Cap.ROUND);
        ink.setStrokeJoin(Paint.Join.ROUND);
        setBackgroundColor(ContextCompat.getColor(context, R.color.canvas_paper));
        setContentDescription(context.getString(R.string.hand_canvas_description));
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** The finished strokes, oldest first (a copy). */
    public List<Stroke> strokes() {
        return Collections.unmodifiableList(new ArrayList<>(strokes));
    }

    /** Replaces the drawing, e.g. with the strokes a ViewModel kept across a rotation; does not notify. */
    public void setStrokes(List<Stroke> restored) {
        strokes.clear();
        strokes.addAll(restored);
        currentLength = 0;
        invalidate();
    }

    public boolean isEmpty() {
        return strokes.isEmpty();
    }

    public void clear() {
        if (strokes.isEmpty() && currentLength == 0) return;
        strokes.clear();
        currentLength = 0;
        invalidate();
        notifyChanged();
    }

    public void undo() {
        if (strokes.isEmpty()) return;
        strokes.remove(strokes.size() - 1);
        invalidate();
        notifyChanged();
    }

    float penWidth() {
        int side = Math.min(getWidth(), getHeight());
        return Math.max(2f, side * PEN_SHARE);
    }

    @Override
    public boolean onTouchEvent(MotionEvent e) {
        if (!isEnabled()) return false;
        switch (e.getActionMasked()) {
            case MotionEvent.ACTION_DOWN:
                currentLength = 0;
                addPoint(e.getX(), e.getY());
                getParent().requestDisallowInterceptTouchEvent(true); // a scrolling parent must not steal the stroke
                invalidate();
                return true;
            case MotionEvent.ACTION_MOVE:
                // The points the touch screen reported between two frames come batched as history.
                for (int h = 0; h < e.getHistorySize(); h++) addPoint(e.getHistoricalX(h), e.getHistoricalY(h));
                addPoint(e.getX(), e.getY());
                invalidate();
                return true;
            case MotionEvent.ACTION_UP:
                addPoint(e.getX(), e.getY());
                finishStroke();
                return true;
            case MotionEvent.ACTION_CANCEL:
                currentLength = 0;
                invalidate();
                return true;
            default:
                return super.onTouchEvent(e);
        }
    }

    private void addPoint(float x, float y) {
        if (currentLength >= 2 && current[currentLength - 2] == x && current[currentLength - 1] == y) return;
        if (currentLength + 2 > current.length) current = Arrays.copyOf(current, current.length * 2);
        current[currentLength++] = x;
        current[currentLength++] = y;
    }

    private void finishStroke() {
        if (currentLength == 0) return;
        strokes.add(new Stroke(Arrays.copyOf(current, currentLength), penWidth()));
        currentLength = 0;
        invalidate();
        notifyChanged();
    }

    private void notifyChanged() {
        if (listener != null) listener.onStrokesChanged(strokes());
    }

    @Override
    protected void onDraw(Canvas canvas) {
        super.onDraw(canvas);
        for (Stroke s : strokes) {
            ink.setStrokeWidth(s.penWidth());
            drawPolyline(canvas, s.points(), i -> s.x(i), i -> s.y(i));
        }
        if (currentLength > 0) {
            ink.setStrokeWidth(penWidth());
            drawPolyline(canvas, currentLength / 2, i -> current[2 * i], i -> current[2 * i + 1]);
        }
    }

    private interface Coordinate {
        float at(int i);
    }

    private void drawPolyline(Canvas canvas, int points, Coordinate x, Coordinate y) {
        if (points == 1) {
            // A tap is a dot: a round-capped zero-length line draws nothing on some renderers.
            ink.setStyle(Paint.Style.FILL);
            canvas.drawCircle(x.at(0), y.at(0), ink.getStrokeWidth() / 2f, ink);
            ink.setStyle(Paint.Style.STROKE);
            return;
        }
        path.rewind();
        path.moveTo(x.at(0), y.at(0));
        for (int i = 1; i < points; i++) path.lineTo(x.at(i), y.at(i));
        canvas.drawPath(path, ink);
    }
}
