package io.bulwark.cli.commands;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.options.ConnectionOptions;
import io.bulwark.cli.options.OutputOptions;
import io.bulwark.cli.options.WriteOptionsMixin;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.BulwarkException;
import io.grpc.Status;
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
        } catch (final BulwarkException e) {
            hintSafeRetry(e);
            throw e;
        }
    }

    /**
     * After a write whose outcome is unknown (no answer in time), names its request id: re-running with it applies
     * the write at most once.
     */
    private void hintSafeRetry(final BulwarkException e) {
        if (e.code() != Status.Code.UNAVAILABLE && e.code() != Status.Code.DEADLINE_EXCEEDED) {
            return;
        }
        for (final CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof WriteOptionsMixin) {
                final String id = ((WriteOptionsMixin) mixin.userObject()).usedRequestId();
                if (id != null) {
                    ctx.err().println("note: the write may or may not have been applied; re-run with --request-id "
                        + id + " to apply it at most once");
                }
            }
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
