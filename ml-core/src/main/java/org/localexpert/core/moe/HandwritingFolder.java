package org.localexpert.core.moe;

import java.io.File;
import java.util.Map;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.HandwritingImages;
import org.localexpert.core.data.ImageDecoder;
import org.localexpert.core.data.ImageFolderSource;


/**
 * A user's handwriting samples in the usual image-folder layout, {@code DIR/<label>/*.png|jpg}
 * (any size, dark-on-light or light-on-dark), through the one handwriting preprocessing path the
 * app's canvas uses ({@link org.localexpert.core.data.HandwritingPreprocessor}). Labels are the folder names, sorted; a
 * {@code labelMap} renames folders (e.g. {@code seven → 7}).
 *
 * <p>Every problem is a {@link org.localexpert.core.data.DataException} with a one-line message naming the folder or file:
 * a missing or empty folder, no class folders, a class folder without images, an unreadable or
 * blank image.
 */
public final class HandwritingFolder {
    private HandwritingFolder() {}

    /** The folder as a source that decodes one drawing at a time (what personalization reads). */
    public static ImageFolderSource source(File dir, ImageDecoder decoder, Map<String, String> labelMap) {
        return ImageFolderSource.open(dir, new HandwritingImages(), decoder, labelMap);
    }

    /** Loads {@code dir} into memory; {@code labelMap} (may be empty) renames class folders. */
    public static Dataset load(File dir, ImageDecoder decoder, Map<String, String> labelMap) {
        return source(dir, decoder, labelMap).toDataset();
    }
}
