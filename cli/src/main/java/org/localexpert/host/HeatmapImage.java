package org.localexpert.host;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.localexpert.core.explain.HeatmapOverlay;

/** Host side of {@link HeatmapOverlay}: the blended picture written as a PNG (the app draws it into a Bitmap instead). */
public final class HeatmapImage {
    private HeatmapImage() {}

    /** Writes the photo with the heat map over it to {@code out} as PNG, at the photo's size. */
    public static void writePng(int[] argb, int width, int height, float[] heat, int heatH, int heatW, File out) throws IOException {
        int[] blended = HeatmapOverlay.blend(argb, width, height, heat, heatH, heatW);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, blended, 0, width);
        File parent = out.getAbsoluteFile().getParentFile();
        if (parent != null && !parent.isDirectory() && !parent.mkdirs()) throw new IOException("cannot create folder " + parent);
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
    }
}
