package org.localexpert.core.data;

import java.util.List;

/**
 * Draws pen strokes as anti-aliased thick lines with round caps and joins, ink white (1) on black
 * (0). The app's drawing canvas calls this, so what the user sees predicted is what the host
 * benchmarks feed the model.
 *
 * <p>Each pixel's coverage is {@code clamp(r + 0.5 - d, 0, 1)} where d is the distance from the
 * pixel centre to the nearest segment and r the pen radius: a one-pixel linear ramp at the edge
 * (the anti-aliasing) and, because the distance to a segment is measured to its end points
 * beyond its ends, round caps and joins for free. Overlapping strokes take the maximum, so a
 * crossing is not brighter than a line.
 */
public final class StrokeRasterizer {
    private StrokeRasterizer() {
    }

    /** Strokes in canvas coordinates onto a {@code width x height} image of the same coordinates. */
    public static GreyImage rasterize(List<Stroke> strokes, int width, int height) {
        return rasterize(strokes, width, height, 1f, 0f, 0f);
    }

    /**
     * Strokes mapped by {@code (x - originX) * scale}, {@code (y - originY) * scale} (pen width
     * scaled too) onto a {@code width x height} image.
     */
    public static GreyImage rasterize(List<Stroke> strokes, int width, int height, float scale, float originX, float originY) {
        GreyImage image = GreyImage.blank(width, height);
        float[] out = image.values();
        for (Stroke s : strokes) {
            float r = s.penWidth() * scale / 2f;
            for (int i = 0; i < s.points(); i++) {
                int j = Math.min(i + 1, s.points() - 1);
                if (i == j && s.points() > 1) break;
                float ax = (s.x(i) - originX) * scale, ay = (s.y(i) - originY) * scale;
                float bx = (s.x(j) - originX) * scale, by = (s.y(j) - originY) * scale;
                drawSegment(out, width, height, ax, ay, bx, by, r);
            }
        }
        return image;
    }

    private static void drawSegment(float[] out, int width, int height, float ax, float ay, float bx, float by, float r) {
        float reach = r + 1f;
        int x0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
        int x1 = Math.min(width - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        int y0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int y1 = Math.min(height - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        float dx = bx - ax, dy = by - ay;
        float lengthSquared = dx * dx + dy * dy;
        for (int y = y0; y <= y1; y++) {
            float py = y + 0.5f;
            for (int x = x0; x <= x1; x++) {
                float px = x + 0.5f;
                // nearest point of the segment: projection clamped to [a, b]
                float t = lengthSquared == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                float ex = px - (ax + t * dx), ey = py - (ay + t * dy);
                float d = (float) Math.sqrt(ex * ex + ey * ey);
                float coverage = r + 0.5f - d;
                if (coverage <= 0) continue;
                if (coverage > 1) coverage = 1;
                int k = y * width + x;
                if (coverage > out[k]) out[k] = coverage;
            }
        }
    }
}
