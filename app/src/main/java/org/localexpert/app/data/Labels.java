package org.localexpert.app.data;

/**
 * Rules for label names the user types. A label ends up in file paths (sample folders), in the model's
 * metadata and on screen, so path separators, control characters and oversized names are refused with a
 * message the UI can show as is.
 */
public final class Labels {
    /** Longest label accepted, in characters. */
    public static final int MAX_LENGTH = 40;

    private Labels() {}

    /** Returns the trimmed label, or throws IllegalArgumentException with a user-readable reason. */
    public static String check(String label) {
        if (label == null) throw new IllegalArgumentException("Please type a label.");
        // Control characters are refused wherever they are (trim() would silently drop them at the ends).
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (Character.isISOControl(c) && c != ' ') throw new IllegalArgumentException("A label cannot contain invisible or control characters.");
        }
        String l = label.trim();
        if (l.isEmpty()) throw new IllegalArgumentException("Please type a label: it cannot be empty or only spaces.");
        if (l.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("A label can have at most " + MAX_LENGTH + " characters; this one has " + l.length() + ".");
        }
        if (l.equals(".") || l.equals("..")) throw new IllegalArgumentException("\"" + l + "\" cannot be a label.");
        for (int i = 0; i < l.length(); ) {
            int c = l.codePointAt(i);
            if (c == '/' || c == '\\') throw new IllegalArgumentException("A label cannot contain / or \\.");
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.UNASSIGNED) {
                throw new IllegalArgumentException("A label cannot contain invisible or control characters.");
            }
            i += Character.charCount(c);
        }
        return l;
    }
}
