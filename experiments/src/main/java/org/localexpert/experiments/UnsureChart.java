package org.localexpert.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The model card's "unsure" picture: for each rule, the share of unknown inputs flagged (y) against the
 * share of in-domain test inputs flagged (x) as its calibration budget grows; dashed lines at the
 * issue's targets (x = 5 %, y = 90 %), a ring at the shipped rule. Plain Java2D like {@link ErrorChart}.
 */
final class UnsureChart {
    private UnsureChart() {}

    /** One rule's curve: points (x, y) as fractions, in order of growing budget. */
    static final class Curve {
        final String name;
        final Color colour;
        final double[] x;
        final double[] y;

        Curve(String name, Color colour, double[] x, double[] y) {
            this.name = name;
            this.colour = colour;
            this.x = x;
            this.y = y;
        }
    }

    static void write(String title, List<Curve> curves, double shippedX, double shippedY, double maxX, Path png) throws IOException {
        int w = 900, h = 600, left = 70, right = 20, top = 50, bottom = 60;
        int plotW = w - left - right, plotH = h - top - bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 10; k++) {
            int py = top + plotH - k * plotH / 10;
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left, py, w - right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(k * 10 + " %", 25, py + 4);
        }
        for (double x = 0; x <= maxX + 1e-9; x += 0.05) {
            int px = left + (int) Math.round(x / maxX * plotW);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(px, top, px, top + plotH);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f %%", 100 * x), px - 10, top + plotH + 18);
        }
        // The targets: at most 5 % of in-domain inputs flagged, at least 90 % of unknowns.
        g.setColor(new Color(0x888888));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        int tx = left + (int) Math.round(0.05 / maxX * plotW), ty = top + plotH - (int) Math.round(0.9 * plotH);
        g.drawLine(tx, top, tx, top + plotH);
        g.drawLine(left, ty, w - right, ty);
        g.setStroke(new BasicStroke(2f));
        // Legend bottom right, below the curves (they rise steeply on the left and stay high).
        int ly = top + plotH - 24 - 18 * curves.size();
        for (Curve c : curves) {
            g.setColor(c.colour);
            for (int i = 1; i < c.x.length; i++) {
                if (c.x[i] > maxX) break;
                g.drawLine(left + (int) Math.round(c.x[i - 1] / maxX * plotW), top + plotH - (int) Math.round(c.y[i - 1] * plotH),
                        left + (int) Math.round(c.x[i] / maxX * plotW), top + plotH - (int) Math.round(c.y[i] * plotH));
            }
            g.fillRect(w - right - 330, ly - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(c.name, w - right - 310, ly);
            ly += 18;
        }
        int sx = left + (int) Math.round(Math.min(shippedX, maxX) / maxX * plotW), sy = top + plotH - (int) Math.round(shippedY * plotH);
        g.setColor(Color.BLACK);
        g.drawOval(sx - 7, sy - 7, 14, 14);
        g.drawString(String.format(Locale.ROOT, "shipped rule: %.1f %% / %.1f %%", 100 * shippedX, 100 * shippedY), w - right - 310, ly);
        g.drawOval(w - right - 330, ly - 10, 12, 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("in-domain test inputs flagged \"unsure\" (x) — unknown inputs flagged (y); dashed: targets 5 % / 90 %", left, h - 20);
        g.dispose();
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        ImageIO.write(img, "png", png.toFile());
    }
}
