package org.localexpert.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The benchmark's picture: one column per user, sorted by the GE's error; a grey bar is the GE's
 * held-out error, a blue dot the mixture's (red when the mixture is worse). Plain Java2D, host only.
 */
public final class ErrorChart {
    private ErrorChart() {}

    public static void write(PersonalizationBench.Report report, Path png) throws IOException {
        int w = 1200, h = 520, left = 70, right = 20, top = 50, bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);

        List<PersonalizationBench.UserRow> rows = new ArrayList<>(report.rows);
        rows.sort((a, b) -> Double.compare(b.geErrors / (double) b.heldOut, a.geErrors / (double) a.heldOut));
        double max = 0.05;
        for (PersonalizationBench.UserRow r : rows) {
            max = Math.max(max, Math.max(r.geErrors, r.mixtureErrors) / (double) r.heldOut);
        }
        max = Math.ceil(max * 20) / 20; // round up to 5 %
        int plotW = w - left - right, plotH = h - top - bottom;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xDDDDDD));
        for (double y = 0; y <= max + 1e-9; y += 0.05) {
            int py = top + plotH - (int) Math.round(y / max * plotH);
            g.drawLine(left, py, w - right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f %%", 100 * y), 20, py + 4);
            g.setColor(new Color(0xDDDDDD));
        }
        double colW = plotW / (double) Math.max(1, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            PersonalizationBench.UserRow r = rows.get(i);
            int x0 = left + (int) Math.round(i * colW);
            int bw = Math.max(1, (int) Math.round(colW) - 1);
            int geH = (int) Math.round(r.geErrors / (double) r.heldOut / max * plotH);
            g.setColor(new Color(0xAAAAAA));
            g.fillRect(x0, top + plotH - geH, bw, geH);
            int my = top + plotH - (int) Math.round(r.mixtureErrors / (double) r.heldOut / max * plotH);
            g.setColor(r.mixtureErrors > r.geErrors ? new Color(0xD62728) : new Color(0x1F77B4));
            int d = Math.max(3, Math.min(7, bw));
            g.fillOval(x0 + bw / 2 - d / 2, my - d / 2, d, d);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(left, top + plotH, w - right, top + plotH);
        g.drawLine(left, top, left, top + plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format(Locale.ROOT, "Held-out error per user (%d SD-1 writers, sorted by GE error): GE %.2f %% → mixture %.2f %% (cut %.0f %%)",
                rows.size(), 100.0 * report.geErrors() / report.heldOut(), 100.0 * report.mixtureErrors() / report.heldOut(),
                100 * report.errorCut()), left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0x888888));
        g.fillRect(left, h - 30, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString("benchmark GE", left + 20, h - 21);
        g.setColor(new Color(0x1F77B4));
        g.fillOval(left + 140, h - 30, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString("GE + LE + GN mixture", left + 156, h - 21);
        g.setColor(new Color(0xD62728));
        g.fillOval(left + 320, h - 30, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString("mixture worse than GE", left + 336, h - 21);
        g.dispose();
        if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer available");
    }
}
