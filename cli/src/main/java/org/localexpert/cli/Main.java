package org.localexpert.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.localexpert.core.data.DataException;
import org.localexpert.core.moe.PersonalizationException;
import org.localexpert.core.tflite.IncompatibleModelException;
import org.localexpert.core.tflite.TfliteFormatException;
import org.localexpert.core.train.CheckpointException;

/**
 * Entry point of {@code localexpert}: {@code java -jar cli/target/localexpert.jar COMMAND ...}.
 *
 * <p>Exit codes: 0 success, 1 the command ran and reports failure (e.g. a check found problems),
 * 2 a usage or input mistake (one-line message on stderr), 3 an internal error (a bug: stack trace).
 */
public final class Main {
    private Main() {}

    /**
     * Every subcommand, in the order {@code --help} lists them: this tool's own, then those other jars on the class
     * path add through {@link ServiceLoader} (a {@code META-INF/services/org.localexpert.cli.Command} file: the
     * experiments' benches come that way, so this jar carries none of them).
     */
    static List<Command> commands() {
        List<Command> list = new ArrayList<>();
        list.add(new VersionCommand());
        list.add(new CheckGpuCommand());
        list.add(new PersonalizeCommand());
        list.add(new EvaluateCommand());
        list.add(new PredictCommand());
        list.add(new DemoCommand());
        list.add(new WriteReplayCommand());
        list.add(new TrainGeCommand());
        list.add(new ExplainCommand());
        list.add(new SplitCommand());
        for (Command c : ServiceLoader.load(Command.class)) list.add(c);
        return list;
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        List<Command> commands = commands();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            printHelp(commands, out);
            return 0;
        }
        Command command = null;
        for (Command c : commands) {
            if (c.name().equals(argv[0])) command = c;
        }
        if (command == null) {
            String where = argv[0].startsWith("bench-") ? "; the benches are in experiments/target/localexpert-experiments.jar" : "";
            err.println("localexpert: unknown command '" + argv[0] + "' (run 'localexpert --help' for the list" + where + ")");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help")) {
            out.println(command.usage());
            return 0;
        }
        try {
            return command.run(new Args(rest), out);
        } catch (UserError | DataException | TfliteFormatException | IncompatibleModelException
                | CheckpointException | PersonalizationException e) {
            // Bad input from the user (their files, their data, their flags): say what is wrong in
            // one line. A stack trace here would only hide the message.
            err.println("localexpert " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception | OutOfMemoryError e) {
            err.println("localexpert " + command.name() + ": internal error: " + e);
            e.printStackTrace(err);
            return 3;
        }
    }

    static void printHelp(List<Command> commands, PrintStream out) {
        out.println("localexpert — personalize a neural network on your own data, privately.");
        out.println();
        out.println("usage: localexpert COMMAND [options]   (localexpert COMMAND --help for details)");
        out.println();
        out.println("commands:");
        for (Command c : commands) {
            out.printf("  %-24s %s%n", c.name(), c.summary());
        }
    }
}
