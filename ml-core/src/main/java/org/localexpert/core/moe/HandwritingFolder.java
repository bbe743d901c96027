package org.localexpert.core.moe;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.data.DataException;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.DecodedImage;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.HandwritingPreprocessor;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.LabelNames;

/**
 * A user's handwriting samples in the usual image-folder layout, {@code DIR/<label>/*.png|jpg}
 * (any size, dark-on-light or light-on-dark), through the one handwriting preprocessing path the
 * app's canvas uses ({@link HandwritingPreprocessor}). Labels are the folder names, sorted; a
 * {@code labelMap} renames folders (e.g. {@code seven → 7}).
 *
 * <p>Every problem is a {@link DataException} with a one-line message naming the folder or file:
 * a missing or empty folder, no class folders, a class folder without images, an unreadable or
 * blank image.
 */
public final class HandwritingFolder {
    private HandwritingFolder() {}

    static boolean isImage(File f) {
        String n = f.getName().toLowerCase(Locale.ROOT);
        return f.isFile() && !f.getName().startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** Loads {@code dir}; {@code labelMap} (may be empty) renames class folders. */
    public static Dataset load(File dir, ImageDecoder decoder, Map<String, String> labelMap) {
        if (!dir.isDirectory()) throw new DataException("not a folder: " + dir.getPath());
        File[] classDirs = dir.listFiles(File::isDirectory);
        if (classDirs == null || classDirs.length == 0) {
            throw new DataException("no class folders in " + dir.getPath() + " — put each character's images in DIR/<label>/, e.g. DIR/7/a.png");
        }
        Arrays.sort(classDirs);
        List<String> labels = new ArrayList<>();
        List<File[]> files = new ArrayList<>();
        for (File c : classDirs) {
            if (c.getName().startsWith(".")) continue;
            File[] images = c.listFiles(HandwritingFolder::isImage);
            if (images == null || images.length == 0) {
                throw new DataException("class folder " + c.getPath() + " holds no .png/.jpg images — add samples or remove the folder");
            }
            Arrays.sort(images);
            String label = labelMap.containsKey(c.getName()) ? labelMap.get(c.getName()) : c.getName();
            LabelNames.validate(label, c.getPath());
            int existing = labels.indexOf(label);
            if (existing >= 0) {
                File[] joined = Arrays.copyOf(files.get(existing), files.get(existing).length + images.length);
                System.arraycopy(images, 0, joined, files.get(existing).length, images.length);
                files.set(existing, joined);
            } else {
                labels.add(label);
                files.add(images);
            }
        }
        if (labels.isEmpty()) throw new DataException("no class folders in " + dir.getPath());
        List<Example> examples = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            for (File f : files.get(c)) {
                float[] digit;
                try {
                    DecodedImage image = decoder.decode(f, 0);
                    digit = HandwritingPreprocessor.fromArgb(image.argb(), image.width(), image.height());
                } catch (DataException e) {
                    String m = e.getMessage();
                    throw new DataException(m.contains(f.getPath()) ? m : f.getPath() + ": " + m);
                } catch (RuntimeException e) {
                    throw new DataException("cannot read image " + f.getPath() + ": " + e.getMessage());
                }
                examples.add(new Example(digit, HandwritingPreprocessor.SHAPE, c, f.getPath()));
            }
        }
        return new Dataset(examples, labels, HandwritingPreprocessor.SHAPE);
    }
}
