package io.bulwark.cli.bundle;

import io.bulwark.cli.CliContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A {@code bundle} verb: runs without a cluster. Input problems ({@link BundleInputException}) become one
 * {@code error:} line on stderr and their exit code, so CI logs show the cause rather than a stack trace.
 */
abstract class OfflineCommand implements Callable<Integer> {
    /** The process context (clock, streams). */
    protected final CliContext ctx;

    /** This command's model. */
    @Spec
    protected CommandSpec spec;

    OfflineCommand(final CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (final BundleInputException e) {
            ctx.err().println("error: " + e.getMessage());
            return e.exitCode();
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    /** Does the work and returns the exit code. */
    protected abstract int run();
}
