package io.bulwark.bench.recovery;

import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A 3-node Bulwark cluster on 127.0.0.1 that this process starts, kills, restarts and stops,
 * one {@code bin/bulwark-node} JVM per node (the script execs Java, so the PID we hold is the
 * node's). Node {@code i} (1-based) serves its API on {@code basePort + i - 1} and Raft on
 * {@code basePort + 10 + i - 1}; configs, data and logs live under {@code dir/node-i}, and each
 * node's PID is written to {@code dir/node-i/node.pid} so the launcher script can stop them even if
 * this JVM dies.
 *
 * <p>Everything it starts is stopped by PID in {@link #close()} (SIGTERM, SIGKILL after a grace
 * period) and by a shutdown hook, also when a phase fails.
 */
final class LocalCluster implements AutoCloseable {
    static final int NODES = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path repo;
    private final Path dir;
    private final int basePort;
    private final String jvmOptions;
    private final Process[] processes = new Process[NODES];
    private final long[] startedAtNs = new long[NODES];
    /** Nodes this tool killed on purpose and has not restarted: waits leave them out. */
    private final boolean[] down = new boolean[NODES];
    private final ManagedChannel[] channels = new ManagedChannel[NODES];
    private final ClusterServiceGrpc.ClusterServiceBlockingStub[] cluster = new ClusterServiceGrpc.ClusterServiceBlockingStub[NODES];
    private final Thread hook = new Thread(this::killAll, "recovery-cluster-cleanup");

    /**
     * @param repo        repository root (for {@code bin/bulwark-node})
     * @param dir         scratch directory for configs, data and logs (created)
     * @param basePort    API port of node 1
     * @param jvmOptions  extra JVM options for every node (BULWARK_JAVA_OPTS), e.g. {@code -Xmx1g}
     * @param extraConfig node.properties lines appended to every node's config (table capacities ...)
     */
    LocalCluster(Path repo, Path dir, int basePort, String jvmOptions, List<String> extraConfig) throws IOException {
        this.repo = repo;
        this.dir = dir;
        this.basePort = basePort;
        this.jvmOptions = jvmOptions;
        Runtime.getRuntime().addShutdownHook(hook);
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
            peers.append(i == 0 ? "" : ",").append(nodeId(i)).append("=127.0.0.1:").append(raftPort(i))
                    .append("|127.0.0.1:").append(apiPort(i));
        }
        for (int i = 0; i < NODES; i++) {
            Path nodeDir = nodeDir(i);
            Files.createDirectories(nodeDir.resolve("data"));
            List<String> conf = new ArrayList<>(List.of(
                    "# Written by bench/bin/recovery for one measurement run.",
                    "node.id=" + nodeId(i),
                    "cluster.name=bulwark-recovery",
                    "cluster.peers=" + peers,
                    "data.dir=" + nodeDir.resolve("data"),
                    "api.listen=127.0.0.1:" + apiPort(i),
                    // As bin/bulwark-local: Ratis' 150-300 ms default elects spuriously on a loaded 2-core box.
                    "raft.election.timeout.min=1s",
                    "raft.election.timeout.max=1250ms",
                    "reads.max.staleness=5s"));
            conf.addAll(extraConfig);
            Files.write(nodeDir.resolve("node.properties"), conf);
            channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", apiPort(i)).usePlaintext().directExecutor().build();
            cluster[i] = ClusterServiceGrpc.newBlockingStub(channels[i]);
        }
    }

    static String nodeId(int i) {
        return "n" + (i + 1);
    }

    int apiPort(int i) {
        return basePort + i;
    }

    int raftPort(int i) {
        return basePort + 10 + i;
    }

    Path nodeDir(int i) {
        return dir.resolve("node-" + (i + 1));
    }

    /** The gRPC channel to node {@code i}'s API (direct executor; shared by the phases). */
    ManagedChannel channel(int i) {
        return channels[i];
    }

    /** Starts node {@code i} (which must not be running); returns when the process exists. */
    void start(int i) throws IOException {
        if (processes[i] != null && processes[i].isAlive()) {
            throw new IllegalStateException(nodeId(i) + " is already running (pid " + processes[i].pid() + ")");
        }
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/bulwark-node").toString(),
                "--config", nodeDir(i).resolve("node.properties").toString());
        pb.environment().put("BULWARK_JAVA_OPTS", jvmOptions);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir(i).resolve("node.log").toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        startedAtNs[i] = System.nanoTime();
        processes[i] = pb.start();
        down[i] = false;
        Files.writeString(nodeDir(i).resolve("node.pid"), processes[i].pid() + "\n");
    }

    void startAll() throws IOException {
        for (int i = 0; i < NODES; i++) {
            start(i);
        }
    }

    /** When node {@code i} was last started ({@link System#nanoTime()}). */
    long startedAtNs(int i) {
        return startedAtNs[i];
    }

    long pid(int i) {
        return processes[i].pid();
    }

    boolean isRunning(int i) {
        return processes[i] != null && processes[i].isAlive();
    }

    /** SIGKILL of node {@code i}; returns {@link System#nanoTime()} just before the signal, after waiting for the exit. */
    long kill(int i) throws InterruptedException {
        long t = System.nanoTime();
        down[i] = true;
        processes[i].destroyForcibly();
        if (!processes[i].waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(nodeId(i) + " (pid " + processes[i].pid() + ") survived SIGKILL for 30 s");
        }
        return t;
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; waits for the exit. */
    void stop(int i) throws InterruptedException {
        Process p = processes[i];
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Node {@code i}'s status, or null when it does not answer within {@code timeoutMs}. */
    StatusResponse status(int i, long timeoutMs) {
        try {
            return cluster[i].withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS).status(StatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    /** Index of the node {@code id} names ("n2" → 1), or -1. */
    static int indexOf(String id) {
        for (int i = 0; i < NODES; i++) {
            if (nodeId(i).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Waits until every node that should run (all but those {@link #kill}ed and not restarted)
     * answers, serves LOCAL reads, and all agree on one leader; returns the leader's index. Polls
     * every 50 ms; fails after {@code timeout}, or at once when a node exited unexpectedly.
     */
    int awaitStable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            String leader = null;
            boolean ok = true;
            for (int i = 0; i < NODES && ok; i++) {
                if (down[i]) {
                    continue;
                }
                if (!isRunning(i)) {
                    throw new IllegalStateException(nodeId(i) + " exited; see " + nodeDir(i).resolve("node.log"));
                }
                StatusResponse s = status(i, 1000);
                if (s == null || !s.getServingLocalReads() || s.getLeaderId().isEmpty()) {
                    ok = false;
                    last = nodeId(i) + (s == null ? " does not answer" : " not serving (leader '" + s.getLeaderId() + "')");
                } else if (leader == null) {
                    leader = s.getLeaderId();
                } else if (!leader.equals(s.getLeaderId())) {
                    ok = false;
                    last = "nodes disagree on the leader";
                }
            }
            if (ok) {
                return indexOf(leader);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException("cluster not stable after " + timeout.toSeconds() + " s: " + last);
    }

    /**
     * Waits until every node that should run has an applied index of at least {@code index}; polls
     * every 100 ms and fails after {@code timeout}.
     */
    void awaitApplied(long index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < NODES && all; i++) {
                if (down[i]) {
                    continue;
                }
                StatusResponse s = status(i, 1000);
                all = s != null && s.getAppliedIndex() >= index;
            }
            if (all) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("not every node applied index " + index + " within " + timeout.toSeconds() + " s");
    }

    private void killAll() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Stops every node (SIGTERM, then SIGKILL) and closes the channels. */
    @Override
    public void close() throws InterruptedException {
        try {
            for (int i = 0; i < NODES; i++) {
                if (processes[i] != null && processes[i].isAlive()) {
                    processes[i].destroy();
                }
            }
            for (int i = 0; i < NODES; i++) {
                stop(i);
            }
        } finally {
            killAll();
            for (ManagedChannel ch : channels) {
                if (ch != null) {
                    ch.shutdownNow();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs anyway.
            }
        }
    }
}
