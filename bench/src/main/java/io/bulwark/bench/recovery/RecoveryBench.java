package io.bulwark.bench.recovery;

import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.bench.load.Json;
import io.bulwark.bench.report.Machine;
import io.bulwark.bench.report.TargetResult;
import io.bulwark.cli.options.Converters;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code bench/bin/recovery}: scale and recovery figures of a real local 3-node cluster (issue #5, item 4). */
@Command(name = "recovery", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
                "Starts its own 3-node Bulwark cluster on 127.0.0.1 (API ports PORT..PORT+2, Raft PORT+10..PORT+12)",
                "in its own directory, measures, and stops every node it started by PID, also on failure.",
                "",
                "Phases (--phases, run in this order):",
                "  propagation  revokes at a fixed rate to the leader; then every node tells when it applied each",
                "               acknowledged index (GetApplyTimes): last node - leader apply is the target row.",
                "               Also, at each ack a check AT_LEAST(ack token) goes to every node (the client-side",
                "               view: answer - ack, with the idle fan-out round trip measured too)",
                "  failover     SIGKILL the leader while writes go to the followers every 10 ms; time to the first",
                "               ack of a write sent after the kill; restart the node; --failovers rounds",
                "  scale        load sessions and token revocations through the write path (to the leader, group",
                "               commit) up to each --steps count; per node heap after full GC, RSS and disk",
                "  snapshot     a snapshot on every node (ClusterService.Snapshot), timed, at the loaded size",
                "  restart      SIGKILL a follower at the loaded size, restart it, time until it serves caught up",
                "  state        (not in the default list) the replica state alone, without a cluster: a JVM with",
                "               -Xmx --state-heap loads --state-steps sessions + revocations by direct apply; heap after",
                "               GC, off-heap, RSS, and whether a snapshot fits that heap, at each step; its raw points",
                "               are kept in OUT_DIR/scale-state-points.txt and carried into later scale reports",
                "  state-report (opt-in) rewrite scale-latest.json from scale-state-points.txt alone, without measuring",
                "",
                "Writes scale-latest.json (scale) and recovery-latest.json (the others) into --out-dir."},
        footer = {"", "Exit codes: 0 measured (targets may still be missed: see the JSON); 1 a phase failed; 2 usage error.",
                "Example: bench/bin/recovery --steps 1000000 --failovers 5 --propagation-samples 3000"})
public final class RecoveryBench implements Callable<Integer> {

    @Option(names = "--dir", description = "Scratch directory for configs, data and logs (default: a new /tmp/bulwark-recovery.*).")
    Path dir;

    @Option(names = "--port", defaultValue = "7900", description = "API port of node 1 (default 7900).")
    int port;

    @Option(names = "--phases", split = ",", defaultValue = "propagation,failover,scale,snapshot,restart",
            description = "Phases to run (default: all, in the order listed above).")
    List<String> phases;

    @Option(names = "--steps", split = ",", defaultValue = "500000,1000000",
            description = "Cumulative rows to hold after each scale step: N sessions and N token revocations "
                    + "(default 500000,1000000; the 10M figure is extrapolated from the last two).")
    List<Long> steps;

    @Option(names = "--node-heap", defaultValue = "1g", description = "Each node's -Xmx (default 1g).")
    String nodeHeap;

    @Option(names = "--failovers", defaultValue = "5", description = "Leader kills (default 5).")
    int failovers;

    @Option(names = "--propagation-samples", defaultValue = "3000", description = "Revokes probed (default 3000).")
    int propagationSamples;

    @Option(names = "--propagation-rate", defaultValue = "100", description = "Revokes per second while probing (default 100).")
    double propagationRate;

    @Option(names = "--propagation-warmup", defaultValue = "60s",
            description = "Revokes (with their fan-out) at 500/s before the propagation samples, unrecorded (default 60s: "
                    + "after 20 s the nodes' JIT was still compiling the write and apply paths, and the first 10 s of "
                    + "samples lagged 2-5x the later ones; docs/PERFORMANCE.md).")
    Duration propagationWarmup;

    @Option(names = "--propagation-csv", description = "Also write each propagation sample (ack index, the client's "
            + "receipt of the ack and every node's apply time, wall-clock microseconds) to this CSV file.")
    Path propagationCsv;

    @Option(names = "--idle-samples", defaultValue = "500", description = "Idle fan-outs measured first (default 500).")
    int idleSamples;

    @Option(names = "--load-in-flight", defaultValue = "1024", description = "Writes outstanding while loading (default 1024).")
    int loadInFlight;

    @Option(names = "--load-time-limit", defaultValue = "45m", description = "Upper bound of the time to load one table per step (default 45m).")
    Duration loadTimeLimit;

    @Option(names = "--extra-config", description = "A node.properties line added to every node (repeatable).")
    List<String> extraConfig = new ArrayList<>();

    @Option(names = "--state-steps", split = ",", defaultValue = "1000000,5000000,10000000",
            description = "Rows (sessions and as many revocations) at each point of the state phase (default 1M, 5M, 10M).")
    List<Long> stateSteps;

    @Option(names = "--state-heap", defaultValue = "512m", description = "-Xmx of the state phase's JVM (default 512m: the target).")
    String stateHeap;

    @Option(names = "--out-dir", defaultValue = "docs/benchmarks", description = "Where the JSON files go (default docs/benchmarks).")
    Path outDir;

    @Option(names = "--keep", description = "Keep the scratch directory (data, logs) afterwards.")
    boolean keep;

    /** The state phase's raw points in --out-dir, so a later cluster-only run can carry them into scale-latest.json. */
    static final String STATE_POINTS_FILE = "scale-state-points.txt";

    private final Map<String, Object> scale = new LinkedHashMap<>();
    private final Map<String, Object> recovery = new LinkedHashMap<>();
    private final List<TargetResult> scaleTargets = new ArrayList<>();
    private final List<TargetResult> recoveryTargets = new ArrayList<>();
    private long loadedRows;
    private List<String> args = List.of();

    public static void main(String[] args) {
        RecoveryBench bench = new RecoveryBench();
        bench.args = List.of(args);
        System.exit(new CommandLine(bench).registerConverter(Duration.class, Converters.duration()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (String p : phases) {
            if (!List.of("propagation", "failover", "scale", "snapshot", "restart", "state", "state-report").contains(p)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown phase '" + p + "'");
            }
        }
        Path repo = Path.of(System.getProperty("bulwark.home", ".")).toAbsolutePath().normalize();
        boolean ownDir = dir == null;
        Path work = ownDir ? Files.createTempDirectory("bulwark-recovery.") : Files.createDirectories(dir);
        long maxRows = steps.stream().mapToLong(Long::longValue).max().orElse(0);
        List<String> config = new ArrayList<>(List.of(
                // Room for the load and the probes' own revocations; the ledger is not used by the load.
                "tables.sessions.capacity=" + Math.max(1_000_000, maxRows + maxRows / 10),
                "tables.revocations.capacity=" + Math.max(1_000_000, maxRows + maxRows / 10 + 200_000)));
        config.addAll(extraConfig);
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> machine = Machine.describe();
        System.out.println("recovery: scratch " + work + ", load " + Machine.loadAverage());
        boolean failed = false;
        boolean clusterPhases = phases.stream().anyMatch(p -> !p.startsWith("state"));
        try {
            if (clusterPhases) {
                try (LocalCluster cluster = new LocalCluster(repo, work, port, "-Xmx" + nodeHeap, config)) {
                    runClusterPhases(cluster);
                }
            }
            // After the cluster is gone: the state phase needs the memory and the CPU to itself.
            if (phases.contains("state")) {
                System.out.println("== state (load " + Machine.loadAverage() + ")");
                stateAlone(work);
            }
        } catch (Exception e) {

            failed = true;
            System.err.println("recovery: a phase failed: " + e);
            e.printStackTrace();
        } finally {
            if (ownDir && !keep) {
                deleteTree(work);
            } else if (ownDir) {
                System.out.println("kept " + work);
            } // else the caller's directory (bench/bin/recovery keeps it when the run failed)
        }
        String command = ("bench/bin/recovery " + String.join(" ", args)).trim();
        Files.createDirectories(outDir);
        Path statePoints = outDir.resolve(STATE_POINTS_FILE);
        if ((!scale.isEmpty() || phases.contains("state-report")) && !phases.contains("state") && Files.exists(statePoints)) {
            stateSection(Files.readAllLines(statePoints), true);
        }
        if (!scale.isEmpty()) {
            write(outDir.resolve("scale-latest.json"), "bulwark-scale", started, machine, command, scaleTargets, scale, failed);
        }
        if (!recovery.isEmpty()) {
            recovery.put("rows_held_when_measured", Map.of("sessions", loadedRows, "token_revocations", loadedRows));
            write(outDir.resolve("recovery-latest.json"), "bulwark-recovery", started, machine, command, recoveryTargets, recovery, failed);
        }
        return failed ? 1 : 0;
    }

    private void runClusterPhases(LocalCluster cluster) throws Exception {
        cluster.startAll();
        int leader = cluster.awaitStable(Duration.ofSeconds(120));
        System.out.println("cluster up, leader " + LocalCluster.nodeId(leader));
        for (String phase : List.of("propagation", "failover", "scale", "snapshot", "restart")) {
            if (!phases.contains(phase)) {
                continue;
            }
            System.out.println("== " + phase + " (load " + Machine.loadAverage() + ")");
            switch (phase) {
                case "propagation" -> propagation(cluster);
                case "failover" -> failover(cluster);
                case "scale" -> scale(cluster);
                case "snapshot" -> snapshot(cluster);
                case "restart" -> restart(cluster);
                default -> throw new IllegalStateException(phase);
            }
        }
    }

    // ---------------------------------------------------------------- state alone

    /**
     * Runs {@link StateHeapProbe} in a JVM of its own (this JVM's java, class path and flags, with
     * {@code -Xmx --state-heap}), bounded to 30 minutes, and keeps its points.
     */
    private void stateAlone(Path work) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-Dbulwark.")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx" + stateHeap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StateHeapProbe.class.getName());
        cmd.add(String.join(",", stateSteps.stream().map(String::valueOf).toList()));
        cmd.add(work.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> pointLines = new ArrayList<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("  " + line);
                if (line.startsWith("STATE-POINT ")) {
                    pointLines.add(line);
                }
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        List<String> sidecar = new ArrayList<>();
        sidecar.add("# state phase of bench/bin/recovery: timestamp=" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + " heap=" + stateHeap + " exit=" + p.exitValue() + " load_average=" + Machine.loadAverage().replace(' ', '/'));
        sidecar.addAll(pointLines);
        Files.createDirectories(outDir);
        Files.write(outDir.resolve(STATE_POINTS_FILE), sidecar);
        stateSection(sidecar, false);
    }

    /**
     * Adds the state phase's points ({@code STATE-POINT} lines after one {@code #} header line, as
     * kept in {@link #STATE_POINTS_FILE}) to the scale results, with the 10M target when a 10M point
     * exists. {@code earlier}: the points come from an earlier run's file, not from this run.
     */
    private void stateSection(List<String> lines, boolean earlier) {
        List<Map<String, Object>> points = new ArrayList<>();
        Map<String, Object> m = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("# ")) {
                for (String kv : line.substring(line.indexOf(':') + 1).trim().split(" ")) {
                    String[] f = kv.split("=", 2);
                    if (f.length == 2) {
                        m.put(f[0], number(f[1]));
                    }
                }
            } else if (line.startsWith("STATE-POINT ")) {
                Map<String, Object> point = new LinkedHashMap<>();
                for (String kv : line.substring("STATE-POINT ".length()).split(" ")) {
                    String[] f = kv.split("=", 2);
                    point.put(f[0], number(f[1]));
                }
                points.add(point);
            }
        }
        if (earlier) {
            m.put("from_earlier_run", "this section is copied from " + STATE_POINTS_FILE + " (the state phase's latest run); "
                    + "the cluster figures above are from this run");
        }
        String heap = String.valueOf(m.getOrDefault("heap", stateHeap));
        m.put("how", "BulwarkState alone in its own JVM (-Xmx" + heap + "), sessions and token revocations applied "
                + "directly in batches of 256 (no Raft, no gRPC); heap used after System.gc(); at each step a snapshot written to a file and loaded into a fresh replica in the same JVM");
        m.put("points", points);
        scale.put("state_machine_alone", m);
        Map<String, Object> atMax = null;
        for (Map<String, Object> point : points) {
            if ("loaded".equals(point.get("phase"))) {
                atMax = point;
            }
        }
        if (atMax == null) {
            return;
        }
        long rows = ((Number) atMax.get("sessions")).longValue();
        double rest = ((Number) atMax.get("heap_used_mb_after_gc")).doubleValue();
        String snapshots = points.stream().filter(pt -> "snapshot".equals(pt.get("phase")))
                .map(pt -> pt.get("sessions") + ": write " + pt.get("snapshot")
                        + (pt.containsKey("snapshot_load") ? ", load " + pt.get("snapshot_load") : "")).toList().toString();
        String atRest = points.stream().filter(pt -> "loaded".equals(pt.get("phase")))
                .map(pt -> pt.get("sessions") + "=" + pt.get("heap_used_mb_after_gc") + " MB").toList().toString();
        double heapMb = parseMb(heap);
        // The smallest point whose snapshot did not fit the heap: the node needs more than the heap there.
        Map<String, Object> oom = points.stream().filter(pt -> "snapshot".equals(pt.get("phase"))
                && ("OutOfMemoryError".equals(pt.get("snapshot")) || "OutOfMemoryError".equals(pt.get("snapshot_load"))))
                .findFirst().orElse(null);
        scaleTargets.add(new TargetResult("heap_10m_sessions_state_alone_at_rest",
                "heap used after GC by the replica state alone, at rest, at the largest point reached", rest, "MB", 512,
                rows >= 10_000_000L ? "measured" : "measured at " + rows + " sessions + " + rows + " revocations",
                "-Xmx" + heap + "; heap after GC at every point " + atRest + "; RSS " + atMax.get("rss_mb") + " MB"));
        if (oom != null && !Double.isNaN(heapMb)) {
            long oomRows = ((Number) oom.get("sessions")).longValue();
            double lowerBound = rest + (heapMb - rest) * 10_000_000.0 / oomRows;
            scaleTargets.add(new TargetResult("heap_10m_sessions",
                    "10M sessions with the JVM heap <= 512 MB (a replica must also write snapshots)", round(lowerBound), "MB", 512,
                    String.format(Locale.ROOT, "lower bound: writing or loading a snapshot at %d sessions + %d revocations did not fit in -Xmx%s; "
                            + "snapshot heap grows with the rows, so 10M needs more than %.0f + (%.0f - %.0f) x 10M/%d MB",
                            oomRows, oomRows, heap, rest, heapMb, rest, oomRows),
                    "at rest the heap stays flat " + atRest + " (rows are off-heap); snapshots within -Xmx" + heap + ": " + snapshots));
        } else {
            scaleTargets.add(new TargetResult("heap_10m_sessions",
                    "10M sessions with the JVM heap <= 512 MB (a replica must also write snapshots)", rest, "MB", 512,
                    rows >= 10_000_000L ? "measured" : "measured at " + rows + " sessions + " + rows + " revocations",
                    "heap after GC " + atRest + "; every snapshot written (and, where measured, loaded) fit in -Xmx" + heap + ": " + snapshots));
        }
    }

    /** "512m" → 512, "2g" → 2048; NaN when unreadable. */
    private static double parseMb(String jvmSize) {
        try {
            String v = jvmSize.trim().toLowerCase(Locale.ROOT);
            char unit = v.charAt(v.length() - 1);
            double n = Double.parseDouble(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 'g' -> n * 1024;
                case 'm' -> n;
                case 'k' -> n / 1024;
                default -> Double.NaN;
            };
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Object number(String v) {
        try {
            return v.contains(".") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    // ---------------------------------------------------------------- propagation

    private void propagation(LocalCluster cluster) throws InterruptedException {
        int leader = cluster.awaitStable(Duration.ofSeconds(60));
        PropagationProbe.Result r = new PropagationProbe(cluster, leader).run(propagationSamples, propagationRate, idleSamples,
                propagationWarmup);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leader", LocalCluster.nodeId(leader));
        m.put("samples", r.samples());
        m.put("rate_per_s", propagationRate);
        m.put("warmup_s", propagationWarmup.toSeconds());
        m.put("ack_to_answer_on_every_node_us", percentiles(r.all()));
        Map<String, Object> perNode = new LinkedHashMap<>();
        for (int i = 0; i < LocalCluster.NODES; i++) {
            perNode.put(LocalCluster.nodeId(i) + (i == leader ? " (leader)" : ""), percentiles(r.perNode()[i]));
        }
        m.put("ack_to_answer_per_node_us", perNode);
        m.put("followers_minus_leader_answer_us", percentiles(r.followersVsLeader()));
        m.put("idle_fan_out_round_trip_us", percentiles(r.idleAll()));
        double p99 = r.all().getValueAtPercentile(99) / 1000.0;
        double idleP50 = r.idleAll().getValueAtPercentile(50) / 1000.0;
        double p50 = r.all().getValueAtPercentile(50) / 1000.0;
        double lagP50 = r.followersVsLeader().getValueAtPercentile(50) / 1000.0;
        double lagP99 = r.followersVsLeader().getValueAtPercentile(99) / 1000.0;
        double leaderP99 = r.perNode()[leader].getValueAtPercentile(99) / 1000.0;
        m.put("p50_minus_idle_p50_ms", round(p50 - idleP50));
        m.put("p99_minus_idle_p50_ms", round(p99 - idleP50));
        PropagationProbe.ApplyLag lag = r.applyLag();
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("every_node_minus_leader_apply_us", percentiles(lag.afterLeaderApply()));
        Map<String, Object> perFollower = new LinkedHashMap<>();
        lag.perFollower().forEach((id, h) -> perFollower.put(id, percentiles(h)));
        applied.put("follower_minus_leader_apply_us", perFollower);
        applied.put("every_node_minus_client_ack_us", percentiles(lag.afterClientAck()));
        applied.put("every_node_applied_before_client_ack", lag.appliedBeforeClientAck());
        applied.put("samples_without_a_time", lag.unknown());
        m.put("node_apply_times", applied);
        if (propagationCsv != null) {
            try {
                Files.writeString(propagationCsv, lag.csv());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + propagationCsv, e);
            }
        }
        m.put("errors", r.errors());
        recovery.put("propagation", m);
        double applyP50 = lag.afterLeaderApply().getValueAtPercentile(50) / 1000.0;
        double applyP99 = lag.afterLeaderApply().getValueAtPercentile(99) / 1000.0;
        double applyMax = lag.afterLeaderApply().getMaxValue() / 1000.0;
        double afterAckP99 = lag.afterClientAck().getValueAtPercentile(99) / 1000.0;
        System.out.printf("propagation: every node p50 %.2f ms p99 %.2f ms (idle fan-out p50 %.2f ms; the leader's own answer, "
                + "which waits for nothing, p99 %.2f ms); slowest follower minus leader p50 %.2f ms p99 %.2f ms; errors %s%n",
                p50, p99, idleP50, leaderP99, lagP50, lagP99, r.errors());
        System.out.printf("propagation, the nodes' own apply times: last node minus leader p50 %.2f ms p99 %.2f ms max %.2f ms; "
                + "last node minus the client's ack p99 %.2f ms (%d of %d samples applied everywhere before the ack arrived; "
                + "%d without a time)%n", applyP50, applyP99, applyMax, afterAckP99, lag.appliedBeforeClientAck(),
                lag.afterLeaderApply().getTotalCount(), lag.unknown());
        // The target row: the nodes' own apply timestamps (no client round trip in them). The leader
        // acknowledges right after applying, so "last node minus leader apply" bounds "applied
        // everywhere after the acknowledgement" from above; the probe's AT_LEAST answers are kept
        // in the JSON as a second, client-side view.
        recoveryTargets.add(new TargetResult("revocation_propagation_p99",
                "revocation applied on every node within 10 ms p99 of its acknowledgement",
                round(applyP99), "ms", 10, "measured",
                String.format(java.util.Locale.ROOT, "p99 over samples of (the last node's apply time - the leader's apply "
                        + "time, from the nodes' GetApplyTimes) = %.2f ms, p50 %.2f ms, max %.2f ms; last node minus the "
                        + "client's receipt of the ack p99 %.2f ms. Client-side view (AT_LEAST(ack token) fan-out): slowest "
                        + "follower minus leader answer p99 %.2f ms; %d samples at %.0f/s; %d without apply times; errors %s",
                        applyP99, applyP50, applyMax, afterAckP99, lagP99, r.samples(), propagationRate, lag.unknown(),
                        r.errors())));
    }

    // ---------------------------------------------------------------- failover

    private void failover(LocalCluster cluster) throws Exception {
        FailoverProbe probe = new FailoverProbe(cluster);
        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < failovers; k++) {
            FailoverProbe.Round r = probe.round();
            rounds.add(r.toMap());
            times.add(r.failoverMs());
            System.out.printf("failover %d: killed %s (term %d) -> %s (term %d): first write after %.0f ms; restarted node "
                    + "served after %.0f ms; errors %s%s%n", k + 1, r.killed(), r.termBefore(), r.newLeader(), r.termAfter(),
                    r.failoverMs(), r.restartToServingMs(), r.writeErrors(), r.problem() == null ? "" : "; " + r.problem());
        }
        // A round without a measurement counts as a miss: the worst value is then unknown, and the target fails.
        List<Double> sorted = times.stream().filter(t -> !Double.isNaN(t)).sorted().toList();
        long unmeasured = times.size() - sorted.size();
        double worst = sorted.isEmpty() || unmeasured > 0 ? Double.NaN : sorted.get(sorted.size() - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", rounds);
        m.put("write_period_ms_per_follower", FailoverProbe.WRITE_PERIOD_MS);
        m.put("failover_ms_sorted", sorted);
        m.put("median_ms", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
        m.put("max_ms", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        m.put("rounds_without_measurement", unmeasured);
        recovery.put("failover", m);
        recoveryTargets.add(new TargetResult("failover_first_write", "writes resume <= 3 s after the leader is killed (worst round)",
                round(worst), "ms", 3000, "measured", "SIGKILL of the leader JVM -> first ack of a write sent after the kill, "
                + "writes to both followers every " + FailoverProbe.WRITE_PERIOD_MS + " ms; " + failovers + " rounds; "
                + "election timeout 1-1.25 s; sorted " + sorted + (unmeasured > 0 ? "; " + unmeasured + " round(s) without a "
                + "measurement (see rounds)" : "")));
    }

    // ---------------------------------------------------------------- scale

    private void scale(LocalCluster cluster) throws InterruptedException {
        List<Map<String, Object>> points = new ArrayList<>();
        int leader = cluster.awaitStable(Duration.ofSeconds(60));
        points.add(measureNodes(cluster, leader, 0, null, null));
        BulkLoader loader = new BulkLoader(loadInFlight, Duration.ofSeconds(10), loadTimeLimit);
        for (long target : steps) {
            if (target <= loadedRows) {
                continue;
            }
            leader = cluster.awaitStable(Duration.ofSeconds(60));
            System.out.printf("loading to %,d sessions and %,d revocations through %s%n", target, target, LocalCluster.nodeId(leader));
            BulkLoader.Result s = loader.sessions(cluster.channel(leader), loadedRows, target);
            BulkLoader.Result r = loader.revocations(cluster.channel(leader), loadedRows, target);
            loadedRows = target;
            StatusResponse st = cluster.status(leader, 5000);
            cluster.awaitApplied(st == null ? 0 : st.getCommitIndex(), Duration.ofMinutes(5));
            points.add(measureNodes(cluster, cluster.awaitStable(Duration.ofSeconds(60)), target, s, r));
        }
        scale.put("node_jvm_heap_max", nodeHeap);
        scale.put("points", points);
        // Heap and RSS grow with the rows held, but not only linearly: Ratis caches up to a fixed number
        // of closed log segments on the heap, a bounded cost that is paid in full well before 1M rows.
        // So the slope comes from the last two points (per million sessions + million revocations),
        // and from the empty cluster only when one loaded point was measured; it is shown beside the
        // extrapolation so a reader can redo it.
        Map<String, Object> first = points.get(points.size() >= 3 ? points.size() - 2 : 0);
        Map<String, Object> last = points.get(points.size() - 1);
        double rowsM = ((Number) last.get("sessions")).doubleValue() / 1e6;
        double fromM = ((Number) first.get("sessions")).doubleValue() / 1e6;
        if (rowsM > fromM) {
            double heap0 = (double) first.get("max_heap_used_mb_after_gc");
            double heap1 = (double) last.get("max_heap_used_mb_after_gc");
            double rss0 = (double) first.get("max_rss_mb");
            double rss1 = (double) last.get("max_rss_mb");
            double heapSlope = Math.max(0, (heap1 - heap0) / (rowsM - fromM));
            double rssSlope = Math.max(0, (rss1 - rss0) / (rowsM - fromM));
            double heap10 = heap1 + (10 - rowsM) * heapSlope;
            double rss10 = rss1 + (10 - rowsM) * rssSlope;
            Map<String, Object> ex = new LinkedHashMap<>();
            ex.put("method", String.format(java.util.Locale.ROOT,
                    "linear through the %.2fM and %.2fM points (max over nodes), continued to 10M", fromM, rowsM));
            ex.put("heap_mb_per_million", round(heapSlope));
            ex.put("rss_mb_per_million", round(rssSlope));
            ex.put("heap_mb_at_10m", round(heap10));
            ex.put("rss_mb_at_10m", round(rss10));
            scale.put("extrapolation_10m_sessions_10m_revocations", ex);
            boolean measured10m = rowsM >= 10;
            scaleTargets.add(new TargetResult("heap_10m_sessions_cluster_at_rest", "heap used after full GC on the worst "
                    + "node of the 3-node cluster at 10M sessions + 10M revocations, at rest", round(measured10m ? heap1 : heap10), "MB", 512,
                    measured10m ? "measured" : String.format(java.util.Locale.ROOT,
                            "extrapolated from the measured %.2fM and %.2fM points: %.1f MB + (10 - %.2f) x %.1f MB/M",
                            fromM, rowsM, heap1, rowsM, heapSlope),
                    "sessions and token revocations loaded in equal numbers through the write path; -Xmx" + nodeHeap));
        }
    }

    private Map<String, Object> measureNodes(LocalCluster cluster, int leader, long rows, BulkLoader.Result s, BulkLoader.Result r)
            throws InterruptedException {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("sessions", rows);
        point.put("token_revocations", rows);
        if (s != null) {
            point.put("load", List.of(loadMap(s), loadMap(r)));
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        double maxHeap = 0;
        double maxRss = 0;
        for (int i = 0; i < LocalCluster.NODES; i++) {
            StatusResponse st = cluster.status(i, 5000);
            double heap = NodeResources.heapAfterGcMb(cluster.pid(i));
            double rss = NodeResources.rssMb(cluster.pid(i));
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("node", LocalCluster.nodeId(i));
            n.put("role", i == leader ? "leader" : "follower");
            n.put("heap_used_mb_after_gc", round(heap));
            n.put("rss_mb", round(rss));
            n.put("data_dir_mb", round(NodeResources.diskBytes(cluster.nodeDir(i).resolve("data")) / 1048576.0));
            n.put("applied_index", st == null ? null : st.getAppliedIndex());
            n.put("table_rows", st == null ? null : new LinkedHashMap<>(st.getTableRowsMap()));
            nodes.add(n);
            maxHeap = Math.max(maxHeap, heap);
            maxRss = Math.max(maxRss, rss);
            System.out.printf("  %,d rows: %s (%s) heap after GC %.0f MB, RSS %.0f MB, data %s MB%n", rows,
                    LocalCluster.nodeId(i), n.get("role"), heap, rss, n.get("data_dir_mb"));
        }
        point.put("nodes", nodes);
        point.put("max_heap_used_mb_after_gc", round(maxHeap));
        point.put("max_rss_mb", round(maxRss));
        return point;
    }

    private static Map<String, Object> loadMap(BulkLoader.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", r.table());
        m.put("rows_written", r.rows());
        m.put("rows_not_written", r.failed());
        m.put("seconds", round(r.seconds()));
        m.put("rows_per_s", round(r.rowsPerSecond()));
        m.put("errors_seen", r.errors());
        return m;
    }

    // ---------------------------------------------------------------- snapshot and restart

    /**
     * A snapshot on each node in turn. The time is the node's own ("snapshot at ... written in N ms"
     * in its log), because the Snapshot RPC gives up after the node's 10 s admin timeout while the
     * snapshot goes on; the RPC's outcome and round trip are kept beside it.
     */
    private void snapshot(LocalCluster cluster) throws IOException {
        List<Map<String, Object>> nodes = new ArrayList<>();
        double worst = 0;
        for (int i = 0; i < LocalCluster.NODES; i++) {
            Path log = cluster.nodeDir(i).resolve("node.log");
            int before = snapshotLines(log).size();
            long t0 = System.nanoTime();
            String rpc;
            try {
                SnapshotResponse resp = ClusterServiceGrpc.newBlockingStub(cluster.channel(i))
                        .withDeadlineAfter(10, TimeUnit.MINUTES).snapshot(SnapshotRequest.getDefaultInstance());
                rpc = "ok at index " + resp.getSnapshotIndex();
            } catch (io.grpc.StatusRuntimeException e) {
                rpc = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            }
            double rpcMs = (System.nanoTime() - t0) / 1e6;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            List<String> lines = snapshotLines(log);
            while (lines.size() <= before && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                lines = snapshotLines(log);
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("node", LocalCluster.nodeId(i));
            n.put("rpc", rpc);
            n.put("rpc_ms", round(rpcMs));
            double writtenMs = Double.NaN;
            if (lines.size() > before) {
                String line = lines.get(lines.size() - 1);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("written in (\\d+) ms").matcher(line);
                if (m.find()) {
                    writtenMs = Double.parseDouble(m.group(1));
                }
                n.put("node_log", line.substring(line.indexOf("snapshot at")));
            }
            n.put("written_ms", Double.isNaN(writtenMs) ? null : writtenMs);
            n.put("file_mb", round(latestSnapshotBytes(cluster.nodeDir(i)) / 1048576.0));
            nodes.add(n);
            worst = Double.isNaN(writtenMs) ? worst : Math.max(worst, writtenMs);
            System.out.printf("snapshot on %s: written in %s ms (RPC %s after %.0f ms), %s MB%n", LocalCluster.nodeId(i),
                    n.get("written_ms"), rpc, rpcMs, n.get("file_mb"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("max_written_ms", round(worst));
        m.put("note", "ClusterService.Snapshot on each node in turn: the node writes every table at its applied index to a "
                + "temporary file, fsyncs and renames it, apply paused meanwhile; written_ms is the node's own log figure");
        recovery.put("snapshot", m);
    }

    private static List<String> snapshotLines(Path log) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.contains("snapshot at") && line.contains("written in")) {
                out.add(line);
            }
        }
        return out;
    }

    private void restart(LocalCluster cluster) throws InterruptedException, IOException {
        int leader = cluster.awaitStable(Duration.ofSeconds(60));
        int victim = (leader + 1) % LocalCluster.NODES;
        StatusResponse st = cluster.status(leader, 5000);
        long commit = st == null ? 0 : st.getCommitIndex();
        cluster.kill(victim);
        cluster.start(victim);
        double ms = new FailoverProbe(cluster).awaitServing(victim, commit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", LocalCluster.nodeId(victim));
        m.put("how", "SIGKILL of a follower, then bin/bulwark-node started again on its data directory; time from the "
                + "process start to Status answering serving_local_reads with applied_index >= the leader's commit index at "
                + "the kill (JVM start, table creation, snapshot load, log replay, leader contact)");
        m.put("restart_to_serving_ms", round(ms));
        String loaded = lastLine(cluster.nodeDir(victim).resolve("node.log"), "loaded snapshot");
        m.put("node_log_snapshot_load", loaded);
        recovery.put("restart", m);
        System.out.printf("restart of %s: serving after %.0f ms (%s)%n", LocalCluster.nodeId(victim), ms, loaded);
    }

    private static long latestSnapshotBytes(Path nodeDir) {
        long[] largest = {0};
        NodeResources.forEachFile(nodeDir.resolve("data"), (p, size) -> {
            String name = p.getFileName().toString();
            if (name.startsWith("snapshot.") && !name.endsWith(".md5")) {
                largest[0] = Math.max(largest[0], size);
            }
        });
        return largest[0];
    }

    private static String lastLine(Path file, String containing) throws IOException {
        String found = null;
        for (String line : Files.readAllLines(file)) {
            if (line.contains(containing)) {
                found = line;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- output

    private void write(Path file, String kind, String started, Map<String, Object> machine, String command,
                       List<TargetResult> targets, Map<String, Object> body, boolean failed) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", kind);
        doc.put("timestamp", started);
        doc.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        doc.put("machine", machine);
        doc.put("load_average_after", Machine.loadAverage());
        doc.put("command", command);
        doc.put("complete", !failed);
        doc.put("shared_box", "2 cores shared with other engineers' builds and tests; the run held /tmp/bulwark-measure.lock when "
                + "started through bench/bin/recovery");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TargetResult t : targets) {
            rows.add(t.toMap());
        }
        doc.put("targets", rows);
        doc.putAll(body);
        Files.writeString(file, Json.write(doc));
        System.out.println("results written to " + file);
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", h.getValueAtPercentile(50));
        m.put("p90", h.getValueAtPercentile(90));
        m.put("p99", h.getValueAtPercentile(99));
        m.put("p999", h.getValueAtPercentile(99.9));
        m.put("max", h.getMaxValue());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
