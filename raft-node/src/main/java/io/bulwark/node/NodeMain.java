package io.bulwark.node;

import io.bulwark.node.config.InvalidConfigException;
import io.bulwark.node.config.NodeConfig;
import io.bulwark.node.config.NodeConfigReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bulwark-node --config FILE}: runs one node until SIGTERM/SIGINT, then shuts down
 * gracefully and exits 0.
 *
 * <p>Exit codes: 0 clean shutdown or {@code --help}; 2 usage error or invalid configuration;
 * 1 the node failed to start or stopped on an error; 3 the node stopped itself because its Raft log could
 * not be written (e.g. a full disk): fix the cause and start it again.
 */
public final class NodeMain {

    /** Exit code when the node stopped itself because its Raft log could not be written. */
    static final int EXIT_STORAGE_FAILED = 3;

    private NodeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    usage(out);
                    return 0;
                }
                case "-c", "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("error: --config needs a file");
                        return 2;
                    }
                    configFile = Path.of(args[++i]);
                }
                default -> {
                    err.println("error: unknown argument '" + args[i] + "' (see --help)");
                    return 2;
                }
            }
        }
        if (configFile == null) {
            err.println("error: --config FILE is required (see --help)");
            return 2;
        }
        if (!Files.isReadable(configFile)) {
            err.println("error: cannot read config file " + configFile);
            return 2;
        }
        final NodeConfig config;
        try {
            config = NodeConfigReader.read(configFile);
        } catch (InvalidConfigException e) {
            err.println("error: " + configFile + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: reading " + configFile + ": " + e.getMessage());
            return 2;
        }
        final Logger log = LoggerFactory.getLogger(NodeMain.class);
        final BulwarkNode node;
        try {
            node = BulwarkNode.start(config);
        } catch (IOException | RuntimeException e) {
            log.error("node {} failed to start", config.nodeId(), e);
            return 1;
        }
        // A member whose Raft log cannot be written can never advance again: fail-stop (a crash, which Raft
        // is built to survive) rather than keep answering from a frozen replica. Restart it after fixing the
        // cause (free disk space): it recovers from its log and snapshot and catches up.
        node.storageFailure().thenAccept(cause -> {
            log.error("node {}: Raft log can no longer be written ({}); stopping now (exit {}). Free the disk "
                    + "space or fix the I/O error, then start it again.", config.nodeId(), cause, EXIT_STORAGE_FAILED);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STORAGE_FAILED);
        });
        final CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            // A JVM ending on SIGTERM exits 143 however cleanly it shut down; a completed graceful
            // shutdown is a success, so say so. halt() skips the remaining hooks, which is fine:
            // everything this process owns is closed above.
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: bulwark-node --config FILE

                Runs one Bulwark node: a Raft member of its cluster and the public gRPC API.
                Stops gracefully on SIGTERM or SIGINT (stop accepting, drain, close Raft).

                Options:
                  -c, --config FILE   the node's properties file (reference: docs/OPERATIONS.md)
                  -h, --help          show this help

                Exit codes:
                  0  clean shutdown, or --help
                  1  the node failed to start (see the log)
                  2  usage error or invalid configuration (every problem is listed)
                  3  stopped itself: its Raft log could not be written (e.g. disk full);
                     free the space and start it again, it catches up from its data
                """);
    }
}
