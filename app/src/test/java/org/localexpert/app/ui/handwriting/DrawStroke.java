package org.localexpert.app.ui.handwriting;

import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;

import android.view.MotionEvent;
import android.view.View;

import androidx.test.espresso.UiController;
import androidx.test.espresso.ViewAction;
import androidx.test.espresso.action.MotionEvents;

import org.hamcrest.Matcher;

/**
 * An Espresso action that draws one finger stroke on a view: touch down at the first point, move
 * through the others (a few steps per segment, as a finger reports them), lift at the last. The
 * events go through the window like real touches. Points are fractions of the view's width and
 * height, so a "7" looks like a 7 whatever the screen size.
 */
public final class DrawStroke implements ViewAction {
    private static final int STEPS_PER_SEGMENT = 8;
    private final float[][] points;

    private DrawStroke(float[][] points) {
        this.points = points;
    }

    /** {@code xy}: x0, y0, x1, y1, ... as fractions (0..1) of the view's size. */
    public static DrawStroke through(float... xy) {
        float[][] p = new float[xy.length / 2][];
        for (int i = 0; i < p.length; i++) p[i] = new float[] {xy[2 * i], xy[2 * i + 1]};
        return new DrawStroke(p);
    }

    /** A "1": one vertical stroke, slightly slanted. */
    public static DrawStroke one() {
        return through(0.52f, 0.15f, 0.48f, 0.85f);
    }

    /** A "7": the top bar, then the long diagonal down to the left, in one stroke. */
    public static DrawStroke seven() {
        return through(0.28f, 0.2f, 0.72f, 0.2f, 0.42f, 0.85f);
    }

    @Override
    public Matcher<View> getConstraints() {
        return isDisplayed();
    }

    @Override
    public String getDescription() {
        return "draw a stroke through " + points.length + " points";
    }

    @Override
    public void perform(UiController ui, View view) {
        int[] origin = new int[2];
        view.getLocationOnScreen(origin);
        float[] precision = {1f, 1f};
        float[] at = screen(view, origin, points[0]);
        MotionEvent down = MotionEvents.sendDown(ui, at, precision).down;
        try {
            for (int i = 1; i < points.length; i++) {
                float[] a = points[i - 1], b = points[i];
                for (int s = 1; s <= STEPS_PER_SEGMENT; s++) {
                    float t = s / (float) STEPS_PER_SEGMENT;
                    float[] p = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
                    MotionEvents.sendMovement(ui, down, screen(view, origin, p));
                    ui.loopMainThreadForAtLeast(5);
                }
            }
            MotionEvents.sendUp(ui, down, screen(view, origin, points[points.length - 1]));
        } finally {
            down.recycle();
        }
        ui.loopMainThreadUntilIdle();
    }

    private static float[] screen(View view, int[] origin, float[] fraction) {
        return new float[] {origin[0] + fraction[0] * view.getWidth(), origin[1] + fraction[1] * view.getHeight()};
    }
}
