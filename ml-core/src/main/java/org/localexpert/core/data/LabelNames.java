package org.localexpert.core.data;

/**
 * The one rule for label names, wherever they come from: a folder name, a label map, a label the
 * user types in the app, or the metadata of a model file. Labels become file and folder names
 * (samples are stored per label) and text on screen, so a name must not be able to leave its
 * folder ({@code /}, {@code \}, {@code .}, {@code ..}), break a line or a log ({@code \n}, {@code \0}
 * and other control characters) or disguise itself on screen (bidirectional overrides such as
 * U+202E), and must stay short enough to show.
 */
public final class LabelNames {
    /** Longest label accepted, in chars. */
    public static final int MAX_LENGTH = 64;

    private LabelNames() {}

    /**
     * Throws {@link DataException} "{@code where}: label name ..." saying what is wrong; {@code where}
     * names the source (a folder, "label map", "the model's metadata") and is shown printable.
     */
    public static void validate(String label, String where) {
        where = printable(where);
        if (label == null || label.isEmpty()) throw new DataException(where + ": empty label name");
        if (label.length() > MAX_LENGTH) {
            throw new DataException(where + ": label name is " + label.length() + " characters long, more than " + MAX_LENGTH);
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '/' || c == '\\' || c == java.io.File.separatorChar) {
                throw new DataException(where + ": label name contains a path separator");
            }
            if (Character.isISOControl(c)) {
                throw new DataException(where + ": label name contains a control character (code " + (int) c + ")");
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F') {
                throw new DataException(where + ": label name contains an invisible text-direction character (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ")");
            }
        }
        if (label.equals(".") || label.equals("..")) throw new DataException(where + ": '" + label + "' is not a label name");
        if (label.trim().isEmpty()) throw new DataException(where + ": label name is only spaces");
    }

    /** Control characters shown as '?', so an error message stays one line. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) b.append(Character.isISOControl(s.charAt(i)) ? '?' : s.charAt(i));
        return b.toString();
    }
}
