package org.localexpert.app.data;

/**
 * Rules for label names the user types. A label ends up in file paths (sample folders), in the model's
 * metadata and on screen, so path separators, control characters and oversized names are refused; the
 * {@link Refused} exception says which rule, so the screen can say it in the user's language.
 */
public final class Labels {
    /** Longest label accepted, in characters. */
    public static final int MAX_LENGTH = 40;

    /** A name refused by {@link #check}; the message is English for logs, {@link #reason} is for the screen. */
    public static final class Refused extends IllegalArgumentException {
        /** Which rule the name broke. */
        public enum Reason { EMPTY, TOO_LONG, CHARACTERS }

        public final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    private Labels() {}

    /** Returns the trimmed label, or throws {@link Refused} saying which rule it breaks. */
    public static String check(String label) {
        if (label == null) throw new Refused(Refused.Reason.EMPTY, "no label given");
        // Control characters are refused wherever they are (trim() would silently drop them at the ends).
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (Character.isISOControl(c) && c != ' ') throw new Refused(Refused.Reason.CHARACTERS, "a label cannot contain control characters");
        }
        String l = label.trim();
        if (l.isEmpty()) throw new Refused(Refused.Reason.EMPTY, "a label cannot be empty or only spaces");
        if (l.length() > MAX_LENGTH) {
            throw new Refused(Refused.Reason.TOO_LONG, "a label can have at most " + MAX_LENGTH + " characters; this one has " + l.length());
        }
        if (l.equals(".") || l.equals("..")) throw new Refused(Refused.Reason.CHARACTERS, "'" + l + "' cannot be a label");
        for (int i = 0; i < l.length(); ) {
            int c = l.codePointAt(i);
            if (c == '/' || c == '\\') throw new Refused(Refused.Reason.CHARACTERS, "a label cannot contain / or \\");
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.UNASSIGNED) {
                throw new Refused(Refused.Reason.CHARACTERS, "a label cannot contain invisible or control characters");
            }
            i += Character.charCount(c);
        }
        return l;
    }
}
