package org.localexpert.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line flags: {@code --name value}, {@code --name=value} and boolean
 * {@code --flag}. A flag may repeat ({@code --label-map A=B --label-map C=D}). Every flag a command
 * reads is recorded, so {@link #rejectUnknown()} can name a typo instead of silently ignoring it.
 */
public final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> known = new LinkedHashSet<>();

    public Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    value = argv[++i];
                } else {
                    value = null; // boolean flag
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                positional.add(a);
            }
        }
    }

    public boolean flag(String name) {
        known.add(name);
        return values.containsKey(name);
    }

    public String get(String name, String def) {
        known.add(name);
        List<String> v = values.get(name);
        if (v == null) return def;
        String last = v.get(v.size() - 1);
        if (last == null) throw new UserError("--" + name + " needs a value");
        return last;
    }

    public String require(String name) {
        String v = get(name, null);
        if (v == null) throw new UserError("missing --" + name + " (see --help)");
        return v;
    }

    public List<String> all(String name) {
        known.add(name);
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, new ArrayList<>())) {
            if (v == null) throw new UserError("--" + name + " needs a value");
            out.add(v);
        }
        return out;
    }

    public int getInt(String name, int def) {
        String v = get(name, null);
        if (v == null) return def;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public long getLong(String name, long def) {
        String v = get(name, null);
        if (v == null) return def;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public double getDouble(String name, double def) {
        String v = get(name, null);
        if (v == null) return def;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be a number, got '" + v + "'");
        }
    }

    /** A path flag that must name an existing file or directory. */
    public Path existingPath(String name) {
        Path p = Paths.get(require(name));
        if (!Files.exists(p)) throw new UserError("--" + name + ": no such file or directory: " + p);
        return p;
    }

    public List<String> positional() {
        return positional;
    }

    /** Fails on any flag the command never asked about: a typo should not be ignored silently. */
    public void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!known.contains(name)) throw new UserError("unknown option --" + name + " (see --help)");
        }
        if (!positional.isEmpty()) throw new UserError("unexpected argument '" + positional.get(0) + "' (see --help)");
    }
}
