package io.bulwark.bench.compare;

import io.bulwark.api.v1.Consistency;
import io.bulwark.bench.load.BulwarkTarget;
import io.bulwark.bench.load.ClosedLoopDriver;
import io.bulwark.bench.load.Operation;
import io.bulwark.bench.load.Populator;
import io.bulwark.bench.load.RunStats;
import io.bulwark.bench.peers.EchoTarget;
import io.bulwark.bench.peers.EtcdTarget;
import io.bulwark.bench.peers.RedisTarget;
import io.bulwark.cli.options.Converters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The side-by-side run behind {@code bench/bin/compare}: Bulwark and its peers, already started by the
 * script, measured in interleaved pairs with server CPU per operation, then written out as JSON, a
 * markdown table, PNG charts and the target report. Run the script, not this class: the script owns
 * the servers' lifecycles.
 */
@Command(name = "compare-run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {"Measures running servers in interleaved pairs (see bench/bin/compare --help)."},
        footer = {"", "Exit codes: 0 ran (targets may still fail: see the report); 1 harness error, or with --smoke any "
                + "failed request; 2 usage error."})
public final class Comparison implements Callable<Integer> {

    @Option(names = "--bulwark", split = ",", required = true, description = "Bulwark nodes' API host:port.")
    List<String> bulwark;

    @Option(names = "--etcd", split = ",", required = true, description = "etcd members' client host:port.")
    List<String> etcd;

    @Option(names = "--redis", required = true, description = "Redis host:port.")
    String redis;

    @Option(names = "--echo", required = true, description = "Echo server host:port.")
    String echo;

    @Option(names = "--pids", required = true,
            description = "Server PIDs per system, e.g. --pids bulwark=11,12,13 --pids etcd=21,22,23 --pids redis=31 "
                    + "--pids echo=41 (CPU is read from /proc/<pid>/stat).")
    Map<String, String> pids;

    @Option(names = "--in-flight", split = ",", defaultValue = "64,256",
            description = "Concurrencies for the pairs with targets at several (default 64,256); the other pairs use the first.")
    List<Integer> inFlight;

    @Option(names = "--repetitions", defaultValue = "3", description = "Rounds (A then B) per pair (default 3).")
    int repetitions;

    @Option(names = "--duration", defaultValue = "6s", description = "Measured time per run (default 6s).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", description = "Unmeasured time before every run (default 2s).")
    Duration warmup;

    @Option(names = "--sessions", defaultValue = "10000",
            description = "Sessions written to Bulwark and to etcd before the reads (default 10000).")
    long sessions;

    @Option(names = "--settle", defaultValue = "2s",
            description = "Wait after etcd's compact + defragment, for its read buffer to reset (default 2s).")
    Duration settle;

    @Option(names = "--write-burst", defaultValue = "3s",
            description = "Puts sent to etcd right before its after-writes read runs (default 3s).")
    Duration writeBurst;

    @Option(names = "--noise-cores", defaultValue = "0.5",
            description = "A run during which other processes used more than this many cores is retried (default 0.5).")
    double noiseCores;

    @Option(names = "--max-retries", defaultValue = "1",
            description = "Retries of a noisy run before it is kept and marked noisy (default 1).")
    int maxRetries;

    @Option(names = "--initial-warmup", defaultValue = "5s",
            description = "Before the first pair, every side runs this long unmeasured, so no pair meets a cold JIT (default 5s).")
    Duration initialWarmup;

    @Option(names = "--write-warmup", defaultValue = "240s",
            description = "Then Bulwark's revoke side runs this much longer, unmeasured (default 240s): on this box the "
                    + "nodes' JIT keeps compiling the write path for 3-4 minutes of writes, and the revoke pairs "
                    + "measured the warm-up instead of the node before it was added (docs/PERFORMANCE.md).")
    Duration writeWarmup;

    /** Where the write sides send their writes. */
    enum WriteRouting { leader, spread }

    @Option(names = "--write-routing", defaultValue = "leader",
            description = "leader (default): both Bulwark's and etcd's writes go to the node each reports as leader, "
                    + "as Bulwark's client SDK sends them; spread: round-robin over all nodes like the reads, so "
                    + "followers forward (Bulwark: a forward call per batch; etcd: a proposal message).")
    WriteRouting writeRouting;

    @Option(names = "--clk-tck", defaultValue = "100", description = "The kernel's USER_HZ (getconf CLK_TCK).")
    long clkTck;

    @Option(names = "--deadline", defaultValue = "5s", description = "Per-request deadline (default 5s).")
    Duration deadline;

    @Option(names = "--only", split = ",", description = "Run only the pairs whose id contains one of these.")
    List<String> only;

    @Option(names = "--out-dir", required = true, description = "Where the JSON, markdown and PNGs go.")
    Path outDir;

    @Option(names = "--results-dir", required = true,
            description = "Where the JMH, scale and recovery tools' *-latest.json files are (docs/benchmarks).")
    Path resultsDir;

    @Option(names = "--setup-note", defaultValue = "",
            description = "A line on how the run was taken (machine sharing, locks), copied into the outputs.")
    String setupNote;

    @Option(names = "--smoke", description = "Harness check: counts and durations small enough for CI; any failed request fails the run.")
    boolean smoke;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Comparison())
                .registerConverter(Duration.class, Converters.duration()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pids.entrySet()) {
            List<Long> list = new ArrayList<>();
            for (String p : e.getValue().split(",")) {
                list.add(Long.parseLong(p.trim()));
            }
            groups.put(e.getKey(), list);
        }
        CpuSampler cpu = new CpuSampler(groups, clkTck);
        cpu.sample(); // fails fast if a PID is wrong

        try (BulwarkTarget bw = new BulwarkTarget(bulwark, deadline);
             EtcdTarget et = new EtcdTarget(etcd, deadline);
             RedisTarget rd = new RedisTarget(redis, deadline);
             EchoTarget ec = new EchoTarget(echo, deadline)) {
            populate("bulwark: create sessions", bw::createSession);
            populate("etcd: put sessions", et::putSession);
            et.prepareReads(sessions);
            Map<String, String> writesTo = new LinkedHashMap<>();
            if (writeRouting == WriteRouting.leader) {
                writesTo.put("bulwark", bw.routeWritesToLeader());
                writesTo.put("etcd", et.routeWritesToLeader());
                System.out.println("writes go to the leaders: " + writesTo);
            }

            List<Pair> pairs = pairs(bw, et, rd, ec);
            Runner runner = new Runner(cpu, warmup, duration, noiseCores, maxRetries);
            if (!initialWarmup.isZero()) {
                runner.warmUp(pairs, initialWarmup);
            }
            if (!writeWarmup.isZero()) {
                runner.warmUpSide(pairs, "bulwark-revoke", writeWarmup);
            }
            List<PairResult> results = new ArrayList<>();
            for (Pair pair : pairs) {
                System.out.printf("== %s (%d in flight): %s vs %s%n", pair.id(), pair.inFlight(), pair.a().id(), pair.b().id());
                results.add(runner.run(pair, repetitions));
            }

            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("started", started.toString());
            meta.put("finished", Instant.now().toString());
            meta.put("smoke", smoke);
            meta.put("setup_note", setupNote);
            meta.put("java", System.getProperty("java.version"));
            meta.put("cores", Runtime.getRuntime().availableProcessors());
            meta.put("repetitions", repetitions);
            meta.put("duration_sec", duration.toMillis() / 1000.0);
            meta.put("warmup_sec", warmup.toMillis() / 1000.0);
            meta.put("initial_warmup_sec_per_side", initialWarmup.toMillis() / 1000.0);
            meta.put("write_warmup_sec_bulwark_revoke", writeWarmup.toMillis() / 1000.0);
            meta.put("noise_threshold_cores", noiseCores);
            meta.put("max_retries", maxRetries);
            meta.put("sessions", sessions);
            meta.put("etcd_settle_sec", settle.toMillis() / 1000.0);
            meta.put("etcd_write_burst_sec", writeBurst.toMillis() / 1000.0);
            meta.put("write_routing", writeRouting.name());
            meta.put("writes_to", writesTo);
            meta.put("endpoints", Map.of("bulwark", String.join(",", bulwark), "etcd", String.join(",", etcd),
                    "redis", redis, "echo", echo));

            List<TargetVerdict> targets = Targets.judge(results, resultsDir);
            Report report = new Report(meta, results, targets);
            System.out.println();
            System.out.print(report.summaryText());
            report.write(outDir, started);

            long errors = results.stream().mapToLong(PairResult::errors).sum();
            if (smoke && errors > 0) {
                System.err.println("smoke: " + errors + " requests failed (see the errors above)");
                return 1;
            }
            return 0;
        }
    }

    /**
     * Writes ids 0..sessions-1, then writes again the ones that failed (same ids, so Bulwark's request ids and
     * etcd's keys make the retries idempotent), at most 4 passes: a cold cluster on a busy box misses deadlines.
     */
    private void populate(String name, Operation op) throws InterruptedException {
        long[] todo = new long[(int) sessions];
        for (int i = 0; i < todo.length; i++) {
            todo[i] = i;
        }
        for (int pass = 1; pass <= 4 && todo.length > 0; pass++) {
            long[] ids = todo;
            java.util.concurrent.ConcurrentLinkedQueue<Long> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Operation tracked = i -> {
                long id = ids[(int) i];
                com.google.common.util.concurrent.ListenableFuture<?> f = op.issue(id);
                f.addListener(() -> {
                    try {
                        com.google.common.util.concurrent.Futures.getDone(f);
                    } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
                        failed.add(id);
                    }
                }, com.google.common.util.concurrent.MoreExecutors.directExecutor());
                return f;
            };
            RunStats s = Populator.issueAll(name + " (pass " + pass + ")", tracked, ids.length, 64, Duration.ofMinutes(5));
            System.out.println(s.summaryLine() + (s.errors() > 0 ? "  errors " + s.errorsByKind() : ""));
            todo = failed.stream().mapToLong(Long::longValue).toArray();
        }
        if (todo.length > 0) {
            throw new IllegalStateException(name + ": " + todo.length + " of " + sessions + " still failing after 4 passes");
        }
    }

    private List<Pair> pairs(BulwarkTarget bw, EtcdTarget et, RedisTarget rd, EchoTarget ec) {
        Side checkLocal = new Side("bulwark-check-local", "Check, session, LOCAL", "bulwark",
                bw.checks("session", sessions, Consistency.CONSISTENCY_LOCAL, 1), Side.Preparation.NONE);
        // AT_LEAST(1): every caught-up node satisfies it at once (as in loadgen), so the run measures the path.
        // The echo is one server answering one client; its Bulwark counterpart is one node answering the same
        // client. (Checks spread over all three nodes pay for three JVMs sharing the box's cores; that pair is
        // still reported, without a target.)
        Side checkLocalOneNode = new Side("bulwark-check-local-one-node", "Check, session, LOCAL, all to one node",
                "bulwark", bw.checksVia(0, "session", sessions, Consistency.CONSISTENCY_LOCAL, 1), Side.Preparation.NONE);
        Side checkAtLeast = new Side("bulwark-check-at-least", "Check, session, AT_LEAST(1)", "bulwark",
                bw.checks("session", sessions, Consistency.CONSISTENCY_AT_LEAST, 1), Side.Preparation.NONE);
        Side checkLinearizable = new Side("bulwark-check-linearizable", "Check, session, LINEARIZABLE", "bulwark",
                bw.checks("session", sessions, Consistency.CONSISTENCY_LINEARIZABLE, 1), Side.Preparation.NONE);
        Side checkToken = new Side("bulwark-check-token", "Check, token claims (jti + subject revocation lookups), LOCAL",
                "bulwark", bw.checks("token", sessions, Consistency.CONSISTENCY_LOCAL, 1), Side.Preparation.NONE);
        Side revoke = new Side("bulwark-revoke", "RevokeToken (one write)", "bulwark", bw::revokeToken,
                Side.Preparation.NONE);
        Side sessionCreate = new Side("bulwark-session-create", "CreateSession (one write, with TTL)", "bulwark",
                s -> bw.createSession(1_000_000_000_000L + s), Side.Preparation.NONE);

        Side.Preparation cleanEtcd = () -> et.compactAndDefragment(settle);
        Side etcdGet = new Side("etcd-serializable-get", "Range, serializable (clean read buffer)", "etcd",
                et.serializableGet(), cleanEtcd);
        AtomicLong burstSeq = new AtomicLong(1L << 40);
        Side etcdGetAfterWrites = new Side("etcd-serializable-get-after-writes",
                "Range, serializable, right after a put burst", "etcd", et.serializableGet(),
                () -> new ClosedLoopDriver(s -> et.put(burstSeq.getAndIncrement()), 64)
                        .run("etcd-write-burst", writeBurst, new AtomicLong()));
        Side etcdLinGet = new Side("etcd-linearizable-get", "Range, linearizable (clean read buffer)", "etcd",
                et.linearizableGet(), cleanEtcd);
        Side etcdTxn = new Side("etcd-txn-3-ranges", "Txn of 3 serializable ranges (clean read buffer)", "etcd",
                et::txn, cleanEtcd);
        Side etcdPut = new Side("etcd-put", "Put (one write)", "etcd", et::put, Side.Preparation.NONE);
        Side etcdLeasePut = new Side("etcd-lease-put", "LeaseGrant, then Put with the lease", "etcd",
                et::leaseAndPut, Side.Preparation.NONE);
        Side redisRl = new Side("redis-incr-expire", "INCR + EXPIRE pipelined (rate-limit hit)", "redis",
                rd::incrAndExpire, Side.Preparation.NONE);
        Side echoCall = new Side("grpc-echo", "bare gRPC echo (48-byte payload)", "echo", ec::echo,
                Side.Preparation.NONE);

        int first = inFlight.get(0);
        List<Pair> all = new ArrayList<>();
        for (int n : inFlight) {
            all.add(new Pair("check-local-vs-etcd-get-" + n, checkLocal, etcdGet, n,
                    "target: Check LOCAL >= 1.5x etcd serializable get, server CPU/op <= 0.5x"));
        }
        all.add(new Pair("check-local-one-node-vs-echo-" + first, checkLocalOneNode, echoCall, first,
                "target: Check LOCAL >= 0.7x bare gRPC echo (one client, one server on each side)"));
        all.add(new Pair("check-local-3-nodes-vs-echo-" + first, checkLocal, echoCall, first,
                "no target: checks spread over the 3 nodes (3 JVMs on the same cores) against the one echo server"));
        for (int n : inFlight) {
            all.add(new Pair("revoke-vs-etcd-put-" + n, revoke, etcdPut, n,
                    "target: revoke >= 1.5x etcd put, p99 no worse than etcd's"));
        }
        all.add(new Pair("check-local-vs-etcd-get-after-writes-" + first, checkLocal, etcdGetAfterWrites, first,
                "no target: etcd 3.4 reads right after writes (its read-buffer flaw, fixed in 3.5)"));
        all.add(new Pair("session-create-vs-etcd-lease-put-" + first, sessionCreate, etcdLeasePut, first,
                "no target: the session-create equivalent"));
        all.add(new Pair("check-at-least-vs-etcd-linearizable-get-" + first, checkAtLeast, etcdLinGet, first,
                "no target: AT_LEAST(1) against etcd's linearizable read"));
        all.add(new Pair("check-linearizable-vs-etcd-linearizable-get-" + first, checkLinearizable, etcdLinGet, first,
                "no target: both confirm leadership (ReadIndex), one round shared by the reads waiting together"));
        all.add(new Pair("check-token-vs-etcd-txn-" + first, checkToken, etcdTxn, first,
                "no target: a check that needs several lookups"));
        all.add(new Pair("check-local-vs-redis-rate-limit-" + first, checkLocal, redisRl, first,
                "no target: Bulwark has no rate-limit API yet; Redis INCR+EXPIRE is shown beside a LOCAL check for scale"));
        if (only == null || only.isEmpty()) {
            return all;
        }
        return all.stream().filter(p -> only.stream().anyMatch(o -> p.id().contains(o))).toList();
    }
}
