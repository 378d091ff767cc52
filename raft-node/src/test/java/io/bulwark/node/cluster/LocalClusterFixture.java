package io.bulwark.node.cluster;

import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.PolicyServiceGrpc;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real Bulwark cluster on loopback, one {@code NodeMain} JVM per node, for integration tests.
 * Writes each node's config on free ports in a temp directory, spawns the JVMs with the test
 * classpath and the project's JVM flags, and can SIGKILL, stop and restart nodes.
 *
 * <p>Always {@link #close()} it (the tests do so in {@code @AfterAll}); a JVM shutdown hook also
 * kills every process it started, so a crashed test run leaves no nodes behind.
 */
public final class LocalClusterFixture implements AutoCloseable {

    /**
     * The bundle-signing key every fixture node trusts: the TEST-ONLY example key, whose private half
     * ({@code examples/keys/TEST-ONLY-bundle-signer.private.jwk.json}) tests sign bundles with.
     */
    public static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();
    public static final Path TRUSTED_BUNDLE_KEY = EXAMPLES.resolve("keys/bundle-signer.public.jwk.json");

    private final int size;
    /** Nodes 0..members-1 form the group at first; the rest are spares started in join mode. */
    private final int members;
    private final Path dir;
    private final Map<String, String> overrides;
    private final List<Map<String, String>> nodeOverrides = new ArrayList<>();
    private final int[] apiPorts;
    private final int[] raftPorts;
    private final Process[] processes;
    private final ManagedChannel[] channels;
    private final Thread reaper;

    /**
     * @param size      number of nodes
     * @param overrides extra or replacing config keys, the same for every node
     */
    public LocalClusterFixture(int size, Map<String, String> overrides) throws IOException {
        this(size, size, overrides);
    }

    /**
     * A cluster of {@code members} founding nodes plus {@code size - members} spares: a spare's config
     * has {@code cluster.join=true} and lists the founders and itself, so it starts without a group of its
     * own and waits to be added ({@code ClusterService.AddMember}).
     */
    public LocalClusterFixture(int size, int members, Map<String, String> overrides) throws IOException {
        if (members < 1 || members > size) {
            throw new IllegalArgumentException("members must be 1-" + size + ", was " + members);
        }
        this.size = size;
        this.members = members;
        this.overrides = new LinkedHashMap<>(overrides);
        this.dir = Files.createTempDirectory("bulwark-cluster-");
        this.apiPorts = new int[size];
        this.raftPorts = new int[size];
        this.processes = new Process[size];
        this.channels = new ManagedChannel[size];
        for (int i = 0; i < size; i++) {
            apiPorts[i] = freePort();
            raftPorts[i] = freePort();
        }
        for (int i = 0; i < size; i++) {
            nodeOverrides.add(new LinkedHashMap<>());
            writeConfig(i);
            channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", apiPorts[i]).usePlaintext().build();
        }
        reaper = new Thread(this::killAll, "cluster-fixture-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts every founding node (all of them unless spares were asked for) and waits until they agree on a leader. */
    public LocalClusterFixture startAll(Duration timeout) throws IOException {
        for (int i = 0; i < members; i++) {
            start(i);
        }
        awaitLeader(timeout);
        return this;
    }

    public int size() {
        return size;
    }

    /** Spawns node {@code i} (0-based) on its existing config and data directory. */
    public void start(int i) throws IOException {
        if (processes[i] != null && processes[i].isAlive()) {
            throw new IllegalStateException("node " + nodeId(i) + " is running");
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String flags = System.getProperty("bulwark.jvm.flags", "");
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                cmd.add(f);
            }
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.bulwark.node.NodeMain", "--config", configFile(i).toString()));
        processes[i] = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(i).toFile()))
                .start();
    }

    /** Changes node i's config for its next start (it keeps its data). */
    public void reconfigure(int i, Map<String, String> changes) throws IOException {
        nodeOverrides.get(i).putAll(changes);
        writeConfig(i);
    }

    /** SIGKILL: no graceful shutdown, as a crash. */
    public void kill(int i) throws InterruptedException {
        final Process p = processes[i];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM and wait for a graceful exit; returns the exit code. */
    public int stop(int i) throws InterruptedException {
        final Process p = processes[i];
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    /** Waits for node i to exit by itself; its exit code, or null if it still runs after {@code timeout}. */
    public Integer awaitExit(int i, Duration timeout) throws InterruptedException {
        final Process p = processes[i];
        return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : null;
    }

    public boolean isRunning(int i) {
        return processes[i] != null && processes[i].isAlive();
    }

    public String nodeId(int i) {
        return "n" + (i + 1);
    }

    public int indexOf(String nodeId) {
        return Integer.parseInt(nodeId.substring(1)) - 1;
    }

    /** Node i's {@code data.dir}. */
    public Path dataDir(int i) {
        return dir.resolve(nodeId(i) + "-data");
    }

    public Path logFile(int i) {
        return dir.resolve(nodeId(i) + ".log");
    }

    public String log(int i) {
        try {
            return Files.readString(logFile(i), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ManagedChannel channel(int i) {
        return channels[i];
    }

    public SessionServiceGrpc.SessionServiceBlockingStub sessions(int i) {
        return SessionServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public RevocationServiceGrpc.RevocationServiceBlockingStub revocations(int i) {
        return RevocationServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public CheckServiceGrpc.CheckServiceBlockingStub checks(int i) {
        return CheckServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public ClusterServiceGrpc.ClusterServiceBlockingStub cluster(int i) {
        return ClusterServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public PolicyServiceGrpc.PolicyServiceBlockingStub policy(int i) {
        return PolicyServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** Status of node i, or null when it does not answer. */
    public StatusResponse statusOrNull(int i) {
        if (!isRunning(i)) {
            return null;
        }
        try {
            return ClusterServiceGrpc.newBlockingStub(channels[i]).withDeadlineAfter(2, TimeUnit.SECONDS)
                    .status(StatusRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits until every running node answers, one of them is LEADER, every running node names it,
     * and it serves LOCAL reads. Returns the leader's index.
     */
    public int awaitLeader(Duration timeout) {
        final int[] leader = {-1};
        awaitCondition(timeout, "a leader every running node agrees on", () -> {
            String leaderId = null;
            for (int i = 0; i < size; i++) {
                if (!isRunning(i)) {
                    continue;
                }
                final StatusResponse s = statusOrNull(i);
                if (s == null || s.getLeaderId().isEmpty() || !s.getServingLocalReads()) {
                    return false;
                }
                if (leaderId == null) {
                    leaderId = s.getLeaderId();
                } else if (!leaderId.equals(s.getLeaderId())) {
                    return false;
                }
            }
            if (leaderId == null) {
                return false;
            }
            final int li = indexOf(leaderId);
            final StatusResponse ls = statusOrNull(li);
            if (ls == null || ls.getRole() != NodeRole.NODE_ROLE_LEADER) {
                return false;
            }
            leader[0] = li;
            return true;
        });
        return leader[0];
    }

    /** A running node other than {@code notThis}. */
    public int otherThan(int notThis) {
        for (int i = 0; i < size; i++) {
            if (i != notThis && isRunning(i)) {
                return i;
            }
        }
        throw new IllegalStateException("no other running node");
    }

    /** Polls {@code condition} every 50 ms until true; fails with {@code what} after {@code timeout}. */
    /**
     * Creates session {@code id} through node {@code node}, retrying with the same request id while
     * leadership moves (UNAVAILABLE, DEADLINE_EXCEEDED) for up to 60 s; returns the write's applied index.
     * Any other error fails at once.
     */
    public long createSessionEventually(int node, String id) {
        final CreateSessionRequest request = CreateSessionRequest.newBuilder().setSessionId(id)
                .setSubject("user-" + id).setTtlMs(TimeUnit.HOURS.toMillis(1)).setWrite(Rpc.newWriteId()).build();
        final long[] index = {0};
        awaitCondition(Duration.ofSeconds(60), "a write accepted on node " + node, () -> {
            try {
                index[0] = sessions(node).createSession(request).getWrite().getAppliedIndex();
                return true;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                        && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                    throw e;
                }
                return false;
            }
        });
        return index[0];
    }

    public static void awaitCondition(Duration timeout, String what, BooleanSupplier condition) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        killAll();
        for (ManagedChannel c : channels) {
            if (c != null) {
                c.shutdownNow();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // JVM already shutting down: the hook is running or ran.
        }
        if (!Boolean.getBoolean("bulwark.test.keepClusterDir")) {
            deleteTree(dir);
        }
    }

    private void killAll() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            if (p != null) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private Path configFile(int i) {
        return dir.resolve(nodeId(i) + ".properties");
    }

    /** host:port of node i's Raft endpoint. */
    public String raftAddress(int i) {
        return "127.0.0.1:" + raftPorts[i];
    }

    /** host:port of node i's API. */
    public String apiAddress(int i) {
        return "127.0.0.1:" + apiPorts[i];
    }

    private void writeConfig(int i) throws IOException {
        final StringBuilder peers = new StringBuilder();
        for (int j = 0; j < size; j++) {
            if (j >= members && j != i) {
                continue; // a spare lists the founders and itself; founders do not list spares
            }
            if (peers.length() > 0) {
                peers.append(',');
            }
            peers.append(nodeId(j)).append('=').append(raftAddress(j)).append('|').append(apiAddress(j));
        }
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("node.id", nodeId(i));
        if (i >= members) {
            props.put("cluster.join", "true");
        }
        props.put("cluster.name", "fixture-" + dir.getFileName());
        props.put("cluster.peers", peers.toString());
        props.put("data.dir", dataDir(i).toString());
        props.put("tables.sessions.capacity", "10000");
        props.put("tables.revocations.capacity", "10000");
        props.put("tables.subjects.capacity", "1000");
        props.put("tables.requests.capacity", "10000");
        props.put("policy.trusted.keys", TRUSTED_BUNDLE_KEY.toString());
        props.putAll(overrides);
        props.putAll(nodeOverrides.get(i));
        final StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(configFile(i), text.toString(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
