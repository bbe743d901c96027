package org.localexpert.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.localexpert.core.tflite.GpuCompatibility;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.tflite.TfliteModel;
import org.localexpert.core.tflite.TfliteReader;

/** {@code localexpert check-gpu FILE.tflite}: lists every op and tensor the TFLite GPU delegate would not take. */
final class CheckGpuCommand implements Command {
    @Override
    public String name() {
        return "check-gpu";
    }

    @Override
    public String summary() {
        return "list what in a .tflite the TFLite GPU delegate would not run (exit 1 if anything)";
    }

    @Override
    public String usage() {
        return "usage: localexpert check-gpu FILE.tflite\n"
                + "  Prints each operator or tensor the GPU delegate would refuse (op not supported, op version too\n"
                + "  new, non-float tensor, tensor above 4-D, convolution input not 4-D).\n"
                + "  Exit code: 0 all of the graph runs on the GPU, 1 problems found, 2 unreadable file.";
    }

    @Override
    public int run(Args args, PrintStream out) {
        List<String> files = args.positional();
        if (files.size() != 1) throw new UserError("give exactly one .tflite file (see --help)");
        Path file = Paths.get(files.get(0));
        if (!Files.isRegularFile(file)) throw new UserError("no such file: " + file);
        TfliteModel model;
        try {
            model = TfliteReader.read(file);
        } catch (TfliteFormatException e) {
            throw new UserError("not a usable .tflite file: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        List<GpuCompatibility.Problem> problems = GpuCompatibility.check(model);
        int ops = model.mainSubgraph().operators().size();
        if (problems.isEmpty()) {
            out.println(file + ": all " + ops + " operators can run on the TFLite GPU delegate");
            return 0;
        }
        out.println(file + ": " + problems.size() + " problem(s) for the TFLite GPU delegate:");
        for (GpuCompatibility.Problem p : problems) out.println("  " + p);
        return 1;
    }
}
