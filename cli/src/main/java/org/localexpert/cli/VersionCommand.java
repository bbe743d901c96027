package org.localexpert.cli;

import java.io.PrintStream;

/** Prints the version of ml-core and the Java runtime it runs on. */
final class VersionCommand implements Command {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the version of localexpert and of the Java runtime";
    }

    @Override
    public String usage() {
        return "usage: localexpert version";
    }

    @Override
    public int run(Args args, PrintStream out) {
        args.rejectUnknown();
        String v = Main.class.getPackage().getImplementationVersion();
        out.println("localexpert " + (v == null ? "(development build)" : v)
                + " on Java " + System.getProperty("java.version"));
        return 0;
    }
}
