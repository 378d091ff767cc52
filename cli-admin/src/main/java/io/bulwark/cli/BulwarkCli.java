package io.bulwark.cli;

import io.bulwark.cli.bundle.BundleCommand;
import io.bulwark.cli.bundle.BundleInputException;
import io.bulwark.cli.commands.CheckCommand;
import io.bulwark.cli.dev.DevCommand;
import io.bulwark.cli.commands.ClusterCommand;
import io.bulwark.cli.commands.CompletionCommand;
import io.bulwark.cli.commands.RevocationCommand;
import io.bulwark.cli.commands.RevokeCommand;
import io.bulwark.cli.commands.SessionCommand;
import io.bulwark.cli.options.Converters;
import io.bulwark.client.BulwarkException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;

/** The {@code bulwark} command: entry point and command-tree set-up. */
@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Operate a Bulwark cluster: sessions, revocations, checks, policy bundles and cluster operations.",
        "Data goes to stdout, diagnostics to stderr."},
    subcommands = {SessionCommand.class, RevokeCommand.class, RevocationCommand.class, CheckCommand.class,
        ClusterCommand.class, BundleCommand.class, CompletionCommand.class, DevCommand.class, CommandLine.HelpCommand.class},
    footer = {"%nEnvironment:",
        "  BULWARK_ENDPOINTS  default --endpoints (else 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003)",
        "  BULWARK_ACTOR      default --actor",
        "%nExamples:", "  bulwark cluster status", "  bulwark session create --subject alice --ttl 15m",
        "  bulwark revoke subject --subject alice --reason compromised"})
public final class BulwarkCli implements Runnable {
    private final CliContext ctx;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private BulwarkCli(final CliContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the CLI in this process and exits with its code. */
    public static void main(final String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs the CLI with {@code ctx} and returns the exit code; for tests and embedding. */
    public static int execute(final CliContext ctx, final String... args) {
        return commandLine(ctx).execute(args);
    }

    /** The configured command tree. */
    public static CommandLine commandLine(final CliContext ctx) {
        final CommandLine cli = new CommandLine(new BulwarkCli(ctx), new ContextFactory(ctx));
        cli.setOut(ctx.out());
        cli.setErr(ctx.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Fixed width: examples stay on one line; auto-width would fork stty/tput on every start.
        cli.setUsageHelpWidth(110);
        cli.registerConverter(Duration.class, Converters.duration());
        cli.registerConverter(Instant.class, Converters.instant(ctx.clock()));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BulwarkException) {
                cmd.getErr().println("error: " + e.getMessage());
                return ExitCodes.of((BulwarkException) e);
            }
            if (e instanceof BundleInputException) {
                // A bundle file a cluster verb cannot use (missing, not signed): its message and exit code.
                cmd.getErr().println("error: " + e.getMessage());
                return ((BundleInputException) e).exitCode();
            }
            cmd.getErr().println("error: " + e);
            return ExitCodes.ERROR;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            final CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        addExitCodeFooters(cli);
        return cli;
    }

    private static void addExitCodeFooters(final CommandLine cmd) {
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
        for (final CommandLine sub : cmd.getSubcommands().values()) {
            addExitCodeFooters(sub);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
            + String.join(", ", spec.subcommands().keySet()));
    }

    /** Creates commands, passing the context to those whose constructor takes one. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext ctx;

        ContextFactory(final CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public <K> K create(final Class<K> cls) throws Exception {
            if (cls == BulwarkCli.class) {
                return cls.cast(new BulwarkCli(ctx));
            }
            try {
                final Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                return c.newInstance(ctx);
            } catch (final NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
