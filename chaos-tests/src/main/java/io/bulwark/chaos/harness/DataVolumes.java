package io.bulwark.chaos.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Size-limited data volumes for the nodes: one host tmpfs per node ({@code mount -t tmpfs -o size=…}),
 * bind-mounted as the container's {@code /var/lib/bulwark}. A tmpfs mounted on the host outlives the
 * container's kill and restart (a Docker {@code --tmpfs} mount would not), and it can be filled and
 * freed from the host even while the node's container is stopped.
 *
 * <p>Needs root on the Docker host, in the mount namespace dockerd sees (run-chaos runs the tests as
 * root with only the network namespace changed). {@link #close()} unmounts and deletes everything.
 */
final class DataVolumes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataVolumes.class);
    /** The ballast file a disk-full fault writes; named so it can never clash with the node's files. */
    static final String BALLAST = "chaos-ballast.bin";

    private final Path root;
    private final Map<String, Path> mounts = new LinkedHashMap<>();

    private DataVolumes(Path root) {
        this.root = root;
    }

    /** Mounts one tmpfs of {@code sizeMb} MiB per node under a fresh temporary directory. */
    static DataVolumes mount(List<String> nodes, int sizeMb) {
        DataVolumes v;
        try {
            v = new DataVolumes(Files.createTempDirectory("bulwark-chaos-volumes-"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the volume directory: " + e, e);
        }
        try {
            for (String node : nodes) {
                Path dir = Files.createDirectories(v.root.resolve(node));
                run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m,mode=0755", "tmpfs", dir.toString());
                v.mounts.put(node, dir);
            }
            return v;
        } catch (IOException | RuntimeException e) {
            v.close();
            throw new IllegalStateException("size-limited data volumes need root and mount(8) on the Docker host: " + e,
                    e);
        }
    }

    /** The host directory to bind as {@code node}'s {@code /var/lib/bulwark}. */
    Path hostDir(String node) {
        Path p = mounts.get(node);
        if (p == null) {
            throw new IllegalArgumentException("no data volume for " + node);
        }
        return p;
    }

    /**
     * Fills {@code node}'s volume with a ballast file until the file system refuses more (ENOSPC), in
     * 1 MiB and then 4 KiB writes, so no free block is left; returns the ballast's size in bytes.
     */
    long fill(String node) {
        Path ballast = hostDir(node).resolve(BALLAST);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(ballast)) {
            written += writeUntilFull(out, 1 << 20);
            written += writeUntilFull(out, 4096);
        } catch (IOException e) {
            // Closing may fail too on a full file system; the blocks written stay allocated.
            LOG.debug("ballast close on {}: {}", node, e.toString());
        }
        return written;
    }

    /** Deletes {@code node}'s ballast (no-op when there is none). */
    void free(String node) {
        try {
            Files.deleteIfExists(hostDir(node).resolve(BALLAST));
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete the ballast of " + node + ": " + e, e);
        }
    }

    /** Free bytes on {@code node}'s volume. */
    long freeBytes(String node) {
        try {
            return Files.getFileStore(hostDir(node)).getUsableSpace();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read free space of " + node + ": " + e, e);
        }
    }

    private static long writeUntilFull(OutputStream out, int chunk) {
        byte[] zeros = new byte[chunk];
        long written = 0;
        // Bounded: a volume is at most 4 GiB (ClusterSpec), so at most 4 Mi chunks of 1 KiB or more.
        for (long i = 0; i < (4L << 30) / chunk + 1; i++) {
            try {
                out.write(zeros);
                out.flush();
                written += chunk;
            } catch (IOException full) {
                return written;
            }
        }
        return written;
    }

    @Override
    public void close() {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, Path> e : mounts.entrySet()) {
            try {
                run("umount", e.getValue().toString());
            } catch (RuntimeException ex) {
                errors.add(e.getKey() + ": " + ex.getMessage());
            }
        }
        mounts.clear();
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            errors.add("delete " + root + ": " + e);
        }
        for (String error : errors) {
            LOG.warn("data volume cleanup: {}", error);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
