package org.localexpert.experiments.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The result of one {@code bench-perf} run: one line per measured figure (issue rows 1–5), each
 * with what was measured, the ratio or value, the target and whether it holds; printed as a text
 * table and written as CSV and Markdown (the README's performance section is generated from the
 * Markdown).
 */
public final class PerfTable {
    /** One figure. {@code value} NaN = not run (then {@code measured} says why). */
    public static final class Row {
        public final String row;
        public final String figure;
        public final String measured;
        public final double value;
        public final String unit;
        public final String target;
        /** null = no target, or not run. */
        public final Boolean holds;

        Row(String row, String figure, String measured, double value, String unit, String target, Boolean holds) {
            this.row = row;
            this.figure = figure;
            this.measured = measured;
            this.value = value;
            this.unit = unit;
            this.target = target;
            this.holds = holds;
        }

        String valueText() {
            if (Double.isNaN(value)) return "not run";
            if (unit.equals("%")) return String.format(Locale.ROOT, "%.2f %%", value);
            if (unit.equals("x")) return String.format(Locale.ROOT, "%.2f", value);
            if (unit.equals("s")) return String.format(Locale.ROOT, "%.2f s", value);
            if (unit.equals("B")) return String.format(Locale.ROOT, "%,d B", (long) value);
            return String.format(Locale.ROOT, "%.4g %s", value, unit);
        }

        String verdict() {
            return holds == null ? (Double.isNaN(value) ? "-" : "") : holds ? "yes" : "NO";
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> machine = new ArrayList<>();

    void machine(String line) {
        machine.add(line);
    }

    public List<String> machine() {
        return Collections.unmodifiableList(machine);
    }

    Row add(String row, String figure, String measured, double value, String unit, String target, Boolean holds) {
        Row r = new Row(row, figure, measured, value, unit, target, holds);
        rows.add(r);
        return r;
    }

    /** A figure with a target of at most {@code max} (ratios, seconds, shares). */
    Row atMost(String row, String figure, String measured, double value, String unit, double max) {
        return add(row, figure, measured, value, unit, "≤ " + fmt(max, unit), Double.isNaN(value) ? null : value <= max);
    }

    /** A figure with a target of at least {@code min}. */
    Row atLeast(String row, String figure, String measured, double value, String unit, double min) {
        return add(row, figure, measured, value, unit, "≥ " + fmt(min, unit), Double.isNaN(value) ? null : value >= min);
    }

    /** A figure that could not be measured in this run, with the reason. */
    Row notRun(String row, String figure, String why, String target) {
        return add(row, figure, why, Double.NaN, "", target, null);
    }

    private static String fmt(double v, String unit) {
        String n = v == Math.rint(v) && v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        return unit.equals("x") ? n : unit.equals("%") ? n + " %" : n + " " + unit;
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    public void print(PrintStream out) {
        int w1 = 3, w2 = 6, w3 = 5, w4 = 6;
        for (Row r : rows) {
            w1 = Math.max(w1, r.row.length());
            w2 = Math.max(w2, r.figure.length());
            w3 = Math.max(w3, r.valueText().length());
            w4 = Math.max(w4, r.target.length());
        }
        String f = "%-" + w1 + "s  %-" + w2 + "s  %" + w3 + "s  %-" + w4 + "s  %-5s  %s%n";
        out.printf(Locale.ROOT, f, "row", "figure", "value", "target", "holds", "measured");
        for (Row r : rows) out.printf(Locale.ROOT, f, r.row, r.figure, r.valueText(), r.target, r.verdict(), r.measured);
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder s = new StringBuilder("row,figure,value,unit,target,holds,measured\n");
        for (Row r : rows) {
            s.append(csv(r.row)).append(',').append(csv(r.figure)).append(',')
                    .append(Double.isNaN(r.value) ? "" : String.format(Locale.ROOT, "%.6g", r.value)).append(',')
                    .append(csv(r.unit)).append(',').append(csv(r.target)).append(',')
                    .append(r.holds == null ? "" : r.holds ? "yes" : "no").append(',').append(csv(r.measured)).append('\n');
        }
        Files.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The table as Markdown, preceded by the machine description (the README's section body). */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        for (String m : machine) s.append("- ").append(m).append('\n');
        s.append('\n').append("| row | figure | value | target | holds | measured |\n|---|---|---:|---|---|---|\n");
        for (Row r : rows) {
            s.append("| ").append(r.row).append(" | ").append(md(r.figure)).append(" | ").append(r.valueText()).append(" | ")
                    .append(md(r.target)).append(" | ").append(r.verdict()).append(" | ").append(md(r.measured)).append(" |\n");
        }
        return s.toString();
    }

    public void writeMarkdown(Path file) throws IOException {
        Files.write(file, markdown().getBytes(StandardCharsets.UTF_8));
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String md(String v) {
        return v.replace("|", "\\|");
    }
}
