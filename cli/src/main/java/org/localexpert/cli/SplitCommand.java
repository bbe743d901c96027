package org.localexpert.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.data.Dataset;
import org.localexpert.core.data.Example;
import org.localexpert.core.data.ImageFolderDataset;
import org.localexpert.core.data.PhotoGroups;
import org.localexpert.core.data.PlantSplits;
import org.localexpert.host.ImageIoDecoder;

/**
 * {@code localexpert split}: writes the plant splits as CSV, one row per photo, so anyone can see which
 * file is trained on, chosen by and scored on, and which photos form one group (copies,
 * near-identical frames, one PlantVillage leaf). The farm set is not split: its personalization draws
 * take whole groups, so its rows say {@code farm} and carry their group.
 */
final class SplitCommand implements Command {
    @Override
    public String name() {
        return "split";
    }

    @Override
    public String summary() {
        return "write the plant data's leak-free train/validation/test split (and farm groups) as CSV";
    }

    @Override
    public String usage() {
        return "usage: localexpert split --data DIR --out FILE.csv\n"
                + "  DIR: the data folder holding sugarcane-daphal/, plantvillage-tomato/ and sugarcane-roshitab/ (sets not\n"
                + "  present are skipped with a note). FILE.csv: one row per photo, columns set,file,part,group:\n"
                + "  file relative to DIR; part train|validation|test (farm for sugarcane-roshitab, whose personalization\n"
                + "  draws take whole groups); group = the photos that are copies or near-identical frames of one another\n"
                + "  (or one PlantVillage leaf) share it, named by their first file.";
    }

    @Override
    public int run(Args args, PrintStream out) throws IOException {
        File root = new File(args.require("data"));
        Path csv = new File(args.require("out")).toPath();
        args.rejectUnknown();
        if (!root.isDirectory()) throw new UserError("data folder not found: " + root);
        List<String> rows = new ArrayList<>();
        int sets = 0;
        for (String set : new String[] {DataLocation.SUGARCANE_DAPHAL, DataLocation.PLANTVILLAGE_TOMATO, DataLocation.SUGARCANE_ROSHITAB}) {
            File dir = new File(root, set);
            if (!dir.isDirectory()) {
                out.println("skipped " + set + ": " + dir + " not found (" + DataLocation.origin(set) + ")");
                continue;
            }
            long t0 = System.nanoTime();
            Dataset d = ImageFolderDataset.list(dir, Collections.emptyMap());
            PhotoGroups groups = PhotoGroups.of(d, new ImageIoDecoder());
            Map<Example, String> part = new IdentityHashMap<>();
            if (set.equals(DataLocation.SUGARCANE_ROSHITAB)) {
                for (Example e : d.examples()) part.put(e, "farm");
            } else {
                PlantSplits.Split s = set.equals(DataLocation.SUGARCANE_DAPHAL) ? PlantSplits.daphal(d, new ImageIoDecoder()) : PlantSplits.tomato(d, new ImageIoDecoder());
                for (Example e : s.train().examples()) part.put(e, "train");
                for (Example e : s.validation().examples()) part.put(e, "validation");
                for (Example e : s.test().examples()) part.put(e, "test");
            }
            int multi = 0;
            for (List<Integer> g : groups.members()) if (g.size() > 1) multi++;
            for (int i = 0; i < d.size(); i++) {
                Example e = d.get(i);
                rows.add(String.join(",", set, csvField(relative(root, e)), part.get(e), csvField(relative(root, d.get(groups.group(i))))));
            }
            out.printf(Locale.ROOT, "%s: %d photos in %d groups (%d of more than one photo), %.1f s%n", set, d.size(),
                    groups.members().size(), multi, (System.nanoTime() - t0) / 1e9);
            sets++;
        }
        if (sets == 0) throw new UserError("no plant set in " + root + " (expected sugarcane-daphal/, plantvillage-tomato/ or sugarcane-roshitab/)");
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            w.println("set,file,part,group");
            for (String r : rows) w.println(r);
        }
        out.println("wrote " + rows.size() + " rows to " + csv);
        return 0;
    }

    private static String relative(File root, Example e) {
        return root.getAbsoluteFile().toPath().relativize(new File(e.source()).getAbsoluteFile().toPath()).toString().replace(File.separatorChar, '/');
    }

    /** Quoted when the name holds a comma or a quote, as RFC 4180 says. */
    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
