package org.localexpert.experiments;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The farm benchmark's picture, in the handwriting chart's visual language ({@link ErrorChart}: a
 * grey bar for the GE, a dot for the mixture, red when the mixture is worse) but in accuracy, one
 * column per draw, grouped by k; a green tick marks each mixture's generic-test accuracy and a dashed
 * line the GE's. Plain Java2D, host only.
 */
public final class FarmChart {
    private FarmChart() {}

    public static void write(FarmBench.Report report, Path png) throws IOException {
        int w = 1000, h = 520, left = 70, right = 20, top = 60, bottom = 80;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int[] ks = report.ks();
        double min = 1;
        for (FarmBench.Row r : report.rows) min = Math.min(min, Math.min(r.geAccuracy(), Math.min(r.mixtureAccuracy(), r.genericAccuracy)));
        min = Math.max(0, Math.floor(min * 10) / 10 - 0.1); // bars start at a round 10 % below the lowest value
        int plotW = w - left - right, plotH = h - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double y = min; y <= 1 + 1e-9; y += 0.1) {
            int py = yOf(y, min, top, plotH);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left, py, w - right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f %%", 100 * y), 20, py + 4);
        }
        int columns = report.rows.size() + ks.length - 1; // one empty column between groups
        double colW = plotW / (double) Math.max(1, columns);
        int col = 0;
        for (int gi = 0; gi < ks.length; gi++) {
            List<FarmBench.Row> rows = report.rows(ks[gi]);
            int groupStart = left + (int) Math.round(col * colW);
            for (FarmBench.Row r : rows) {
                int x0 = left + (int) Math.round(col * colW) + 2, bw = Math.max(2, (int) Math.round(colW) - 4);
                int geY = yOf(r.geAccuracy(), min, top, plotH);
                g.setColor(new Color(0xAAAAAA));
                g.fillRect(x0, geY, bw, top + plotH - geY);
                int my = yOf(r.mixtureAccuracy(), min, top, plotH);
                g.setColor(r.mixtureAccuracy() < r.geAccuracy() ? new Color(0xD62728) : new Color(0x1F77B4));
                g.fillOval(x0 + bw / 2 - 6, my - 6, 12, 12);
                int gy = yOf(r.genericAccuracy, min, top, plotH);
                g.setColor(new Color(0x2CA02C));
                g.fillRect(x0 + 2, gy - 1, bw - 4, 3);
                col++;
            }
            int groupEnd = left + (int) Math.round(col * colW);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            String label = String.format(Locale.ROOT, "k = %d photos/class: GE %.1f %% → %.1f %%", ks[gi], 100 * report.ge(ks[gi]).mean,
                    100 * report.mixture(ks[gi]).mean);
            g.drawString(label, (groupStart + groupEnd) / 2 - g.getFontMetrics().stringWidth(label) / 2, top + plotH + 20);
            col++;
        }
        int geGenY = yOf(report.geGenericAccuracy, min, top, plotH);
        g.setColor(new Color(0x2CA02C));
        for (int x = left; x < w - right; x += 10) g.drawLine(x, geGenY, x + 5, geGenY);
        g.setColor(Color.BLACK);
        g.drawLine(left, top + plotH, w - right, top + plotH);
        g.drawLine(left, top, left, top + plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("My farm (sugarcane-roshitab): accuracy on the farm's held-out photos, per seeded draw", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int ly = h - 25;
        g.setColor(new Color(0xAAAAAA));
        g.fillRect(left, ly - 9, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString("GE alone", left + 20, ly);
        g.setColor(new Color(0x1F77B4));
        g.fillOval(left + 100, ly - 10, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString("GE + LE + GN mixture (red: worse)", left + 116, ly);
        g.setColor(new Color(0x2CA02C));
        g.fillRect(left + 350, ly - 5, 14, 3);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "mixture on the Daphal test split (dashed: GE %.1f %%)", 100 * report.geGenericAccuracy), left + 370, ly);
        g.dispose();
        if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer available");
    }

    private static int yOf(double v, double min, int top, int plotH) {
        return top + plotH - (int) Math.round((v - min) / (1 - min) * plotH);
    }
}
