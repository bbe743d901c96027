package org.localexpert.experiments;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.localexpert.cli.Args;
import org.localexpert.cli.Command;
import org.localexpert.cli.MoeFiles;
import org.localexpert.cli.UserError;
import org.localexpert.core.data.DataLocation;
import org.localexpert.core.moe.Domain;
import org.localexpert.experiments.perf.PerfSuite;
import org.localexpert.experiments.perf.PerfTable;

/** {@code localexpert bench-perf}: the performance table of issue 8 (a harness that prints figures, not a test). */
public final class BenchPerfCommand implements Command {
    @Override
    public String name() {
        return "bench-perf";
    }

    @Override
    public String summary() {
        return "measure latency, training and personalization ratios against real TFLite and DL4J (table, CSV, Markdown)";
    }

    @Override
    public String usage() {
        return "usage: localexpert bench-perf [--models DIR] [--data DIR] [--apk FILE] [--out DIR] [--threads T] [--quick]\n"
                + "           [--readme README.md]\n"
                + "  One table of ratios measured in one run (interleaved rounds, warm-up, medians):\n"
                + "   1 mixture / GE latency on real TFLite (1 thread, XNNPACK, batch 1), both domains\n"
                + "   2 Java engine / TFLite latency for the GE .tflite, both domains\n"
                + "   3 Java engine / DL4J training throughput, LeNet-5 GE (only in the -Pbench build:\n"
                + "     java -jar experiments/dl4j/target/localexpert-bench.jar bench-perf)\n"
                + "   4 personalization time (1 thread) as the app runs it, the personal unsure cut included, both domains\n"
                + "   5 sizes: GE, LE+GN share of the GE, APK split into dex / natives / models / resources\n"
                + "  --models DIR  shipped models (default models)      --data DIR  data sets (default ../shared/data)\n"
                + "  --apk FILE    default app/target/localexpert-0.1.0.apk\n"
                + "  --out DIR     where perf.csv and perf.md go (default bench-out/perf)\n"
                + "  --threads T   threads for the training comparison (default 1; both engines get the same)\n"
                + "  --quick       short rounds for a smoke run (noisier figures)\n"
                + "  --readme FILE replace the text between <!-- bench-perf:begin --> and <!-- bench-perf:end --> in FILE\n"
                + "                with this run's table (how README.md's performance section is made)";
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        PerfSuite.Options o = new PerfSuite.Options();
        o.models = Paths.get(args.get("models", "models"));
        String data = args.get("data", null);
        o.apk = Paths.get(args.get("apk", "app/target/localexpert-0.1.0.apk"));
        Path outDir = Paths.get(args.get("out", "bench-out/perf"));
        o.trainThreads = args.getInt("threads", 1);
        o.quick = args.flag("quick");
        String readme = args.get("readme", null);
        args.rejectUnknown();
        if (o.trainThreads < 1 || o.trainThreads > 64) throw new UserError("--threads must be between 1 and 64");
        if (!Files.isRegularFile(MoeFiles.shippedGe(o.models, Domain.HANDWRITING)) || !Files.isRegularFile(MoeFiles.shippedGe(o.models, Domain.PLANT))) {
            throw new UserError("no shipped models under " + o.models + " (expected handwriting/handwriting-ge.tflite and "
                    + "plant/plant-ge.tflite); run from the project root or pass --models DIR");
        }
        if (readme != null) section(Paths.get(readme), ""); // fail before the run, not after it
        if (data != null) System.setProperty(DataLocation.PROPERTY, data);
        o.data = data != null ? new File(data) : DataLocation.root();
        PerfTable table = new PerfSuite(o, out).run();
        out.println();
        for (String m : table.machine()) out.println(m);
        table.print(out);
        Files.createDirectories(outDir);
        Path csv = outDir.resolve("perf.csv"), md = outDir.resolve("perf.md");
        table.writeCsv(csv);
        table.writeMarkdown(md);
        out.println("wrote " + csv + " and " + md);
        if (readme != null) {
            Files.write(Paths.get(readme), section(Paths.get(readme), table.markdown()).getBytes(StandardCharsets.UTF_8));
            out.println("updated the bench-perf section of " + readme);
        }
        return 0;
    }

    static final String BEGIN = "<!-- bench-perf:begin -->", END = "<!-- bench-perf:end -->";

    /** {@code file}'s text with the part between the markers replaced by {@code body}. */
    static String section(Path file, String body) throws java.io.IOException {
        if (!Files.isRegularFile(file)) throw new UserError("no such file: " + file);
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN), e = text.indexOf(END);
        if (b < 0 || e < b) throw new UserError(file + " has no " + BEGIN + " ... " + END + " section to fill");
        return text.substring(0, b + BEGIN.length()) + "\n" + body + text.substring(e);
    }
}
