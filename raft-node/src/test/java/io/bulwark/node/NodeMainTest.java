package io.bulwark.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NodeMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return NodeMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintHelpWithExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--config FILE").contains("Exit codes");
    }

    @Test
    void shouldExitTwoOnUsageErrors() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--config")).isEqualTo(2);
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(run("--config", "/nonexistent/node.properties")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config FILE is required").contains("unknown argument");
    }

    @Test
    void shouldExitTwoListingEveryConfigProblem(@TempDir Path dir) throws Exception {
        final Path config = dir.resolve("node.properties");
        Files.writeString(config, "node.id=n1\nreads.stale.mode=sometimes\n");
        assertThat(run("--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cluster.name: required")
                .contains("cluster.peers: required")
                .contains("data.dir: required")
                .contains("reads.stale.mode:");
    }
}
