package io.bulwark.cli.commands;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.options.ConnectionOptions;
import io.bulwark.cli.options.OutputOptions;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that calls the cluster: shared options, input resolution, then one client for the call. */
public abstract class ClientCommand implements Callable<Integer> {
    /** The process context (clock, streams, environment). */
    protected final CliContext ctx;

    /** This command's model, for usage errors. */
    @Spec
    protected CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    /** A command running in {@code ctx}. */
    protected ClientCommand(final CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final Integer call() {
        prepare();
        try (BulwarkClient client = connection.connect(ctx, spec.commandLine())) {
            return run(client, new Printer(ctx.out(), output.format()));
        }
    }

    /** Resolves and checks inputs (reading secrets) before any connection; throws usage errors. */
    protected void prepare() {
    }

    /** Makes the call(s) and prints the result; returns the exit code. */
    protected abstract int run(BulwarkClient client, Printer out);

    /** This command's picocli handle, for usage errors. */
    protected CommandLine commandLine() {
        return spec.commandLine();
    }
}
