package org.localexpert.cli;

import java.io.PrintStream;

/**
 * One subcommand of the {@code localexpert} CLI.
 *
 * <p>Commands report user mistakes (bad paths, bad flags, unusable data) by throwing
 * {@link UserError}; {@link Main} turns that into a one-line message and exit code 2, so a user
 * never sees a stack trace for their own mistake.
 */
public interface Command {
    /** The word typed after {@code localexpert}, e.g. {@code train-ge}. */
    String name();

    /** One line for {@code localexpert --help}. */
    String summary();

    /** Full usage text for {@code localexpert NAME --help}. */
    String usage();

    /** Runs the command and returns the process exit code. */
    int run(Args args, PrintStream out) throws Exception;
}
