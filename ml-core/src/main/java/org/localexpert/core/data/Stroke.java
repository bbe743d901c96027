package org.localexpert.core.data;

import java.util.Arrays;

/**
 * One pen stroke as drawn on a canvas: a polyline of points (x0, y0, x1, y1, ...) in canvas
 * pixels and the pen width in the same units. A single point is a dot.
 */
public final class Stroke {
    private final float[] xy;
    private final float penWidth;

    public Stroke(float[] xy, float penWidth) {
        if (xy.length < 2 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a stroke needs x,y pairs (at least one point), got " + xy.length + " numbers");
        }
        if (!(penWidth > 0) || Float.isInfinite(penWidth)) throw new IllegalArgumentException("pen width must be positive, got " + penWidth);
        for (float v : xy) if (Float.isNaN(v) || Float.isInfinite(v)) throw new IllegalArgumentException("stroke point is not finite: " + Arrays.toString(xy));
        this.xy = xy.clone();
        this.penWidth = penWidth;
    }

    public int points() {
        return xy.length / 2;
    }

    public float x(int i) {
        return xy[2 * i];
    }

    public float y(int i) {
        return xy[2 * i + 1];
    }

    public float penWidth() {
        return penWidth;
    }
}
