package io.bulwark.node.cluster;

import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SessionState;
import io.bulwark.api.v1.StatusResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.bulwark.node.cluster.Rpc.atLeast;
import static io.bulwark.node.cluster.Rpc.sessionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full data disk on one node of a real 3-JVM cluster: node n2's {@code data.dir} is a 24 MiB tmpfs,
 * filled with a ballast file while the others keep writing. Ratis cannot append to n2's log any more
 * (ENOSPC) and marks that log failed for good; the node must then stop (exit code 3) rather than keep
 * answering from a replica that silently stopped advancing. After the space is freed and the node is
 * started again on its data, it catches up and serves every acknowledged write.
 *
 * <p>Mounting a tmpfs needs root: without it the test is skipped (run-chaos and CI run as root).
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class DiskFullClusterTest {

    // Generous: on the shared 2-core box three node JVMs took up to a minute to start under load.
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(120);
    private static final int VICTIM = 1;

    private LocalClusterFixture cluster;
    private Path mount;

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void startCluster() throws Exception {
        cluster = new LocalClusterFixture(3, Map.of(
                // Ratis appends into preallocated segment space: small segments need new space every 64 KiB.
                "raft.log.segment.size.max", "65536",
                "writes.batch.max.bytes", "65536",
                "purge.interval", "1h"));
        mount = Files.createDirectories(cluster.dataDir(VICTIM));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
        cluster.startAll(LEADER_TIMEOUT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            for (int i = 0; i < cluster.size(); i++) {
                cluster.kill(i);
            }
        }
        if (mount != null && run("umount", mount.toString()) != 0) {
            // A killed node may not be reaped yet (mount busy): detach lazily rather than leave it mounted.
            run("umount", "-l", mount.toString());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldStopTheNodeWhoseLogCannotBeWrittenAndRecoverItAfterSpaceIsFreed() throws Exception {
        final int writer = VICTIM == 0 ? 2 : 0;
        final List<String> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final String id = sessionId("before-full-" + i);
            cluster.createSessionEventually(writer, id);
            before.add(id);
        }
        final Path ballast = mount.resolve("ballast.bin");
        fill(ballast);

        // Keep writing through another node: the cluster's majority stays healthy, the victim's appends fail.
        final List<String> during = new ArrayList<>();
        long token = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.isRunning(VICTIM) && System.nanoTime() < deadline) {
            final String id = sessionId("while-full-" + during.size());
            final int via = cluster.isRunning(writer) ? writer : cluster.otherThan(VICTIM);
            token = Math.max(token, cluster.createSessionEventually(via, id));
            during.add(id);
        }
        final Integer exit = cluster.awaitExit(VICTIM, Duration.ofSeconds(30));
        assertThat(exit).as("the node whose Raft log failed must stop itself (fail-stop), not keep serving; "
                + "its log:%n%s", tail(cluster.log(VICTIM))).isEqualTo(3);
        assertThat(cluster.log(VICTIM)).contains("Raft log can no longer be written");

        // Free the space and start it again on its data: it catches up and serves everything acknowledged.
        Files.delete(ballast);
        cluster.start(VICTIM);
        cluster.awaitLeader(LEADER_TIMEOUT);
        final long last = token;
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(60), "the restarted node to catch up", () -> {
            final StatusResponse s = cluster.statusOrNull(VICTIM);
            return s != null && s.getAppliedIndex() >= last;
        });
        for (String id : before) {
            assertThat(state(VICTIM, id, last)).as(id).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        }
        for (String id : during) {
            assertThat(state(VICTIM, id, last)).as(id).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        }
    }

    private SessionState state(int node, String id, long minIndex) {
        return cluster.sessions(node).getSession(GetSessionRequest.newBuilder()
                .setSession(SessionSelector.newBuilder().setSessionId(id)).setRead(atLeast(minIndex)).build())
                .getSession().getState();
    }

    /** Writes zeros until the file system refuses (ENOSPC): no block is left free. */
    private static void fill(Path file) {
        final byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 100_000; i++) { // bounded: 24 MiB fills in about 400 chunks
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            return;
        }
        throw new AssertionError("the volume never filled up");
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
