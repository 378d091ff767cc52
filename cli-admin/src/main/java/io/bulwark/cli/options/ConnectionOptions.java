package io.bulwark.cli.options;

import io.bulwark.cli.CliContext;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.BulwarkClientBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Where and how to connect: {@code --endpoints}, {@code --timeout}, {@code --actor}. */
public final class ConnectionOptions {
    /** The local development cluster, used when neither the flag nor BULWARK_ENDPOINTS is set. */
    public static final String LOCAL_CLUSTER = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";
    /** Environment variable holding the default endpoints. */
    public static final String ENDPOINTS_ENV = "BULWARK_ENDPOINTS";
    /** Environment variable holding the default actor. */
    public static final String ACTOR_ENV = "BULWARK_ACTOR";

    @Option(names = "--endpoints", paramLabel = "<host:port,...>",
        description = "Nodes' API addresses, comma-separated. Default: $" + ENDPOINTS_ENV + ", else " + LOCAL_CLUSTER
            + ".")
    String endpoints;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "5s",
        description = "Overall deadline per call, retries included (e.g. 500ms, 5s, 1m). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--actor", paramLabel = "<name>",
        description = "Your name for the audit trail (sent as the bulwark-actor header). Default: $" + ACTOR_ENV + ".")
    String actor;

    /** The endpoints in effect, from the flag, the environment or the local default. */
    public List<String> endpoints(final CliContext ctx) {
        String spec = endpoints;
        if (spec == null || spec.isBlank()) {
            spec = ctx.env().get(ENDPOINTS_ENV);
        }
        if (spec == null || spec.isBlank()) {
            spec = LOCAL_CLUSTER;
        }
        final List<String> list = new ArrayList<>();
        for (final String part : spec.split(",")) {
            if (!part.isBlank()) {
                list.add(part.strip());
            }
        }
        return list;
    }

    /** Opens a client; configuration errors become usage errors. */
    public BulwarkClient connect(final CliContext ctx, final CommandLine commandLine) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new CommandLine.ParameterException(commandLine, "--timeout must be positive");
        }
        String who = actor != null ? actor : ctx.env().getOrDefault(ACTOR_ENV, "");
        // One command, one or two writes: learning the leader would cost a status call to save a forward.
        final BulwarkClientBuilder builder = BulwarkClient.builder().endpoints(endpoints(ctx)).defaultDeadline(timeout)
            .actor(who.strip()).writesToLeader(false);
        try {
            return builder.build();
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
