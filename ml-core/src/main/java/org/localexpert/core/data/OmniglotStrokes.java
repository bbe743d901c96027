package org.localexpert.core.data;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Omniglot drawings ({@code omniglot/strokes/<alphabet>/<character>/NNNN_DD.txt}, DD = drawer 01–20)
 * read as the pen strokes they were drawn with and rendered through the app's own canvas path
 * ({@link HandwritingPreprocessor#fromStrokes}), so a symbol reaches the model exactly as a drawing on
 * the phone would — the same rasterizer, the same 28×28 crop and centring. The 105×105 images of the
 * same drawings are the original canvas's own rendering (another pen, another anti-aliasing); reading
 * them would measure that renderer rather than the app's.
 *
 * <p>File layout: {@code START}, then one {@code x,y,t} line per pen sample (t in ms), {@code BREAK}
 * after each stroke (pen up). y grows upwards (the files store the canvas row negated), so it is
 * flipped back to the screen's downward rows.
 */
public final class OmniglotStrokes {
    /** The drawing canvas of Omniglot: its images are this many pixels square, the strokes' coordinates the same. */
    public static final float CANVAS = 105f;
    /**
     * The app's pen: {@code DrawingView} draws with a width of 4.5 % of the canvas's shorter side, so an
     * Omniglot drawing gets the pen it would have had on a phone canvas of the same shape.
     */
    public static final float PEN_SHARE = 0.045f;
    public static final int DRAWERS = 20;
    /**
     * Whole alphabets for choosing anything (recipes, defaults, outliers a model is trained to be unsure
     * of); the {@link #EVALUATION_ALPHABETS} are only scored, once.
     */
    public static final List<String> DESIGN_ALPHABETS = java.util.Collections.unmodifiableList(
            java.util.Arrays.asList("Balinese", "Greek", "Korean", "Latin"));
    public static final List<String> EVALUATION_ALPHABETS = java.util.Collections.unmodifiableList(
            java.util.Arrays.asList("Early_Aramaic", "Japanese_(katakana)", "Sanskrit", "Tagalog"));

    private OmniglotStrokes() {
    }

    /** The alphabets under {@code omniglot/} in name order. */
    public static List<String> alphabets(File omniglot) {
        return sortedDirs(new File(omniglot, "strokes"));
    }

    /** The characters of one alphabet in name order. */
    public static List<String> characters(File omniglot, String alphabet) {
        return sortedDirs(new File(new File(omniglot, "strokes"), alphabet));
    }

    /** The stroke file of {@code drawer} (1–20) for one character. */
    public static File file(File omniglot, String alphabet, String character, int drawer) {
        File dir = new File(new File(new File(omniglot, "strokes"), alphabet), character);
        String suffix = String.format("_%02d.txt", drawer);
        File[] match = dir.listFiles((d, name) -> name.endsWith(suffix));
        if (match == null || match.length != 1) {
            throw new DataException("omniglot: expected one drawing of drawer " + drawer + " in " + dir + ", found "
                    + (match == null ? 0 : match.length));
        }
        return match[0];
    }

    /** One drawing as a 28×28 model input, through the app's canvas path. */
    public static float[] render(File omniglot, String alphabet, String character, int drawer) {
        return HandwritingPreprocessor.fromStrokes(read(file(omniglot, alphabet, character, drawer)));
    }

    /** The strokes of one file, y flipped to screen rows, with the app's pen width for this canvas. */
    public static List<Stroke> read(File file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(lines, file.toString());
    }

    /** {@link #read} of lines already in memory; {@code origin} names them in errors. */
    public static List<Stroke> parse(List<String> lines, String origin) {
        List<Stroke> strokes = new ArrayList<>();
        float[] xy = new float[64];
        int n = 0;
        float pen = CANVAS * PEN_SHARE;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.equals("START")) continue;
            if (line.equals("BREAK")) {
                if (n > 0) strokes.add(new Stroke(Arrays.copyOf(xy, n), pen));
                n = 0;
                continue;
            }
            String[] p = line.split(",");
            if (p.length != 3) throw new DataException(origin + ": expected x,y,t, got '" + line + "'");
            if (n + 2 > xy.length) xy = Arrays.copyOf(xy, xy.length * 2);
            try {
                xy[n++] = Float.parseFloat(p[0]);
                xy[n++] = -Float.parseFloat(p[1]);
            } catch (NumberFormatException e) {
                throw new DataException(origin + ": not a number in '" + line + "'");
            }
        }
        if (n > 0) strokes.add(new Stroke(Arrays.copyOf(xy, n), pen)); // a last stroke without BREAK
        if (strokes.isEmpty()) throw new DataException(origin + ": no strokes");
        return strokes;
    }

    private static List<String> sortedDirs(File dir) {
        File[] subs = dir.listFiles(File::isDirectory);
        if (subs == null) throw new DataException("omniglot: no folder " + dir);
        List<String> names = new ArrayList<>();
        for (File f : subs) names.add(f.getName());
        java.util.Collections.sort(names);
        return names;
    }

    /**
     * Every drawing of {@code alphabets} (all characters, all drawers) through the canvas path, as a
     * dataset of one label ("no class"): the outliers a handwriting model is trained to be unsure of.
     */
    public static Dataset drawings(File omniglot, List<String> alphabets) {
        List<Example> examples = new java.util.ArrayList<>();
        for (String alphabet : alphabets) {
            List<String> characters = characters(omniglot, alphabet);
            if (characters.isEmpty()) throw new DataException("omniglot: no characters of alphabet '" + alphabet + "' under " + omniglot);
            for (String character : characters) {
                for (int d = 1; d <= DRAWERS; d++) {
                    examples.add(new Example(render(omniglot, alphabet, character, d), HandwritingPreprocessor.SHAPE, 0,
                            alphabet + "/" + character + "/" + d));
                }
            }
        }
        return new Dataset(examples, java.util.Collections.singletonList("no class"), HandwritingPreprocessor.SHAPE);
    }
}
