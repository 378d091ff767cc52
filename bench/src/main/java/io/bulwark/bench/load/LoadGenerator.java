package io.bulwark.bench.load;

import io.bulwark.api.v1.Consistency;
import io.bulwark.cli.options.Converters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code bench/bin/loadgen}: drives a running Bulwark cluster and prints latency and throughput. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
                "Drives a running Bulwark cluster with one workload at a time and prints throughput and latency",
                "percentiles (HdrHistogram, microsecond precision). Runs are bounded by --duration.",
                "",
                "Workloads:",
                "  check-local | check-at-least | check-linearizable   session checks at that consistency",
                "  check-token                                          token-claims checks (LOCAL)",
                "  check-bearer-cached                                  bearer-JWT checks (LOCAL, GET /orders) cycling",
                "                                                       through --bearer-tokens tokens: cache hits",
                "  check-bearer-fresh                                   the same with --fresh-percent of the checks",
                "                                                       presenting a never-seen token: verified",
                "  revoke                                               token revocations (one write each)",
                "  session-create                                       session creations (one write each)",
                "  load                                                 creates --load-sessions sessions and",
                "                                                       --load-revocations revocations, then stops"},
        footer = {"", "Exit codes: 0 ran; 1 a run had errors; 2 usage error.",
                "Example: bench/bin/loadgen --workload revoke,check-local --in-flight 64 --duration 20s"})
public final class LoadGenerator implements Callable<Integer> {

    @Option(names = "--endpoints", split = ",",
            defaultValue = "${env:BULWARK_ENDPOINTS:-127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003}",
            description = "Comma-separated host:port of the nodes' API (default: $BULWARK_ENDPOINTS, else the local cluster).")
    List<String> endpoints;

    @Option(names = "--writes-to-leader", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send every write to the node that reports itself leader at the start, as the client SDK "
                    + "does (default); --no-writes-to-leader spreads writes round-robin like reads (followers forward).")
    boolean writesToLeader;

    @Option(names = "--workload", split = ",", required = true, description = "Workloads to run, in order.")
    List<String> workloads;

    @Option(names = "--in-flight", split = ",", defaultValue = "64",
            description = "Closed loop: requests kept outstanding (a list runs each). Default: 64.")
    List<Integer> inFlight;

    @Option(names = "--rate", description = "Open loop: requests per second, latency from the intended start "
            + "(coordinated-omission corrected). Overrides --in-flight.")
    Double rate;

    @Option(names = "--duration", defaultValue = "20s",
            description = "Measured time per run (default 20s).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s",
            description = "Unmeasured time before each run (default 5s).")
    Duration warmup;

    @Option(names = "--bearer-jwks", defaultValue = "examples/keys/TEST-ONLY-issuer.private.jwks.json",
            description = "Bearer workloads: private JWK set whose key signs the tokens; the active bundle must trust "
                    + "it (default: the example bundle's TEST-ONLY issuer keys, as bin/bulwark-local loads).")
    Path bearerJwks;

    @Option(names = "--bearer-kid", defaultValue = "example-rs-1",
            description = "Bearer workloads: key id to sign with (default example-rs-1, RS256; example-es-1 is ES256).")
    String bearerKid;

    @Option(names = "--bearer-issuer", defaultValue = "https://id.example.test",
            description = "Bearer workloads: iss of the tokens (default: the example bundle's issuer).")
    String bearerIssuer;

    @Option(names = "--bearer-audience", defaultValue = "orders-api",
            description = "Bearer workloads: aud of the tokens (default: the example bundle's audience).")
    String bearerAudience;

    @Option(names = "--bearer-tokens", defaultValue = "1000",
            description = "Bearer workloads: distinct tokens the cached share cycles through (default 1000).")
    int bearerTokens;

    @Option(names = "--fresh-percent", defaultValue = "10",
            description = "check-bearer-fresh: percent of checks that present a token no node has seen (default 10).")
    int freshPercent;

    @Option(names = "--fresh-tokens", defaultValue = "20000",
            description = "check-bearer-fresh: never-seen tokens minted before the run (default 20000); a run that "
                    + "needs more counts its further fresh checks as errors.")
    int freshTokens;

    @Option(names = "--sessions", defaultValue = "10000",
            description = "Sessions created before check workloads (default 10000).")
    long sessions;

    @Option(names = "--load-sessions", defaultValue = "1000000", description = "Sessions the `load` workload creates.")
    long loadSessions;

    @Option(names = "--load-revocations", defaultValue = "1000000", description = "Revocations the `load` workload writes.")
    long loadRevocations;

    @Option(names = "--load-in-flight", defaultValue = "1024",
            description = "Requests outstanding while pre-creating sessions or loading (default 1024): more in flight "
                    + "means more commands per Raft entry.")
    int loadInFlight;

    @Option(names = "--deadline", defaultValue = "5s",
            description = "Per-request deadline (default 5s).")
    Duration deadline;

    @Option(names = "--out", description = "Append results as JSON to this file.")
    Path out;

    public static void main(String[] args) {
        // Durations read as the admin CLI reads them (500ms, 20s, 5m, 1h30m, ISO-8601).
        System.exit(new CommandLine(new LoadGenerator())
                .registerConverter(Duration.class, Converters.duration()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        boolean anyErrors = false;
        try (BulwarkTarget target = new BulwarkTarget(endpoints, deadline)) {
            String writesTo = writesToLeader ? target.routeWritesToLeader() : "all endpoints, round-robin";
            System.out.println("writes go to " + writesTo);
            AtomicLong seq = new AtomicLong();
            boolean sessionsReady = false;
            for (String workload : workloads) {
                Operation op;
                switch (workload) {
                    case "check-local", "check-at-least", "check-linearizable", "check-token" -> {
                        if (!sessionsReady && !workload.equals("check-token")) {
                            populate(target, "create-sessions", target::createSession, sessions);
                            sessionsReady = true;
                        }
                        Consistency c = switch (workload) {
                            case "check-at-least" -> Consistency.CONSISTENCY_AT_LEAST;
                            case "check-linearizable" -> Consistency.CONSISTENCY_LINEARIZABLE;
                            default -> Consistency.CONSISTENCY_LOCAL;
                        };
                        // AT_LEAST with index 1: a real token that every caught-up node satisfies at once,
                        // so the run measures the check path with the wait bookkeeping, not replication lag.
                        target.prepareChecks(workload.equals("check-token") ? "token" : "session", sessions, c, 1);
                        op = target::check;
                    }
                    case "check-bearer-cached", "check-bearer-fresh" -> {
                        boolean fresh = workload.equals("check-bearer-fresh");
                        if (bearerTokens < 1 || freshTokens < 0 || freshPercent < 0 || freshPercent > 100) {
                            throw new CommandLine.ParameterException(new CommandLine(this),
                                    "--bearer-tokens must be >= 1, --fresh-tokens >= 0, --fresh-percent 0-100");
                        }
                        BearerTokens signer = new BearerTokens(bearerJwks, bearerKid, bearerIssuer, bearerAudience,
                                List.of("reader"));
                        long t0 = System.nanoTime();
                        String[] cached = signer.mint(0, bearerTokens);
                        String[] never = fresh ? signer.mint(bearerTokens, freshTokens) : new String[0];
                        System.out.printf("minted %d cached and %d fresh tokens (kid %s) in %.1f s%n", cached.length,
                                never.length, bearerKid, (System.nanoTime() - t0) / 1e9);
                        op = target.bearerChecks(cached, never, fresh ? freshPercent : 0);
                    }
                    case "revoke" -> op = target::revokeToken;
                    // Offset past the ids the check workloads pre-create, so a creation never collides with them.
                    case "session-create" -> op = s -> target.createSession(1_000_000_000_000L + s);
                    case "load" -> {
                        long t0 = System.nanoTime();
                        RunStats s1 = populate(target, "load-sessions", target::createSession, loadSessions);
                        RunStats s2 = populate(target, "load-revocations", target::revokeToken, loadRevocations);
                        System.out.printf("loaded %d sessions and %d revocations in %.1f s%n", s1.ok(), s2.ok(),
                                (System.nanoTime() - t0) / 1e9);
                        results.add(s1.toMap());
                        results.add(s2.toMap());
                        anyErrors |= s1.errors() + s2.errors() > 0;
                        continue;
                    }
                    default -> throw new CommandLine.ParameterException(new CommandLine(this),
                            "unknown workload '" + workload + "' (see --help)");
                }
                for (RunStats stats : measure(workload, op, seq)) {
                    System.out.println(stats.summaryLine());
                    if (!stats.errorsByKind().isEmpty()) {
                        System.out.println("    errors: " + stats.errorsByKind());
                    }
                    anyErrors |= stats.errors() > 0;
                    results.add(stats.toMap());
                }
            }
        }
        if (out != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("endpoints", String.join(",", endpoints));
            doc.put("writes_to_leader", writesToLeader);
            doc.put("java", System.getProperty("java.version"));
            doc.put("cores", Runtime.getRuntime().availableProcessors());
            doc.put("runs", results);
            Files.writeString(out, Json.write(doc));
            System.out.println("results written to " + out);
        }
        return anyErrors ? 1 : 0;
    }

    private List<RunStats> measure(String workload, Operation op, AtomicLong seq) throws InterruptedException {
        List<RunStats> runs = new ArrayList<>();
        if (rate != null) {
            OpenLoopDriver driver = new OpenLoopDriver(op, rate, 10_000);
            driver.run(workload, warmup, seq);
            runs.add(driver.run(workload, duration, seq));
        } else {
            for (int n : inFlight) {
                ClosedLoopDriver driver = new ClosedLoopDriver(op, n);
                driver.run(workload, warmup, seq);
                runs.add(driver.run(workload, duration, seq));
            }
        }
        return runs;
    }

    /** Issues exactly {@code count} requests, {@code --load-in-flight} at a time, bounded in time (30 min). */
    private RunStats populate(BulwarkTarget target, String name, Operation op, long count) throws InterruptedException {
        RunStats stats = Populator.issueAll(name, op, count, loadInFlight, Duration.ofMinutes(30));
        System.out.println(stats.summaryLine());
        if (stats.errors() > 0) {
            System.out.println("    errors: " + stats.errorsByKind());
        }
        return stats;
    }
}
