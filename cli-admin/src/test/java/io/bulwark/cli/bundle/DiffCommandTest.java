package io.bulwark.cli.bundle;

import io.bulwark.cli.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bundle diff}: structural changes, and decisions on sample requests that flip between two versions. The
 * "new" version drops the owner-reads rule's ownership check for a tenant check, so a customer's read of their own
 * order flips from allow to deny.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiffCommandTest {
    private static final String OWNER_READ = "{\"method\":\"GET\",\"path\":\"/orders/7\",\"resource\":{\"owner\":"
        + "\"cust-9\"},\"principal\":{\"sub\":\"cust-9\",\"roles\":[]}}";
    private static final String READER_READ = "{\"method\":\"GET\",\"path\":\"/orders/1\",\"tenant\":\"acme\","
        + "\"principal\":{\"sub\":\"u1\",\"roles\":[\"reader\"],\"tenant\":\"acme\"},\"issuer\":\"corp\"}";

    @TempDir
    Path tmp;

    private Path oldCompiled;
    private Path newDir;

    @BeforeEach
    void versions() {
        oldCompiled = tmp.resolve("old.bundle");
        assertThat(BundleCli.run("bundle", "build", BundleCli.exampleBundle(), "-o", oldCompiled).exit()).isZero();
        newDir = BundleCli.copyExample(tmp);
        BundleCli.replace(newDir.resolve("rules.policy"), "resource.owner == principal.sub",
            "resource.owner == request.tenant");
    }

    @Test
    void shouldShowTheChangedRule() {
        final BundleCli.Result r = BundleCli.run("bundle", "diff", oldCompiled, newDir);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("~ rule owner-reads-own-order (condition)\n").contains("1 change (sha256:");
    }

    @Test
    void shouldListTheDecisionThatFlipsWithTheDecidingRules() throws Exception {
        final Path requests = requests("# sample traffic", OWNER_READ, "", READER_READ);

        final BundleCli.Result r = BundleCli.run("bundle", "diff", oldCompiled, newDir, "--requests", requests);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("FLIP line 2: GET /orders/7 as cust-9: allow by owner-reads-own-order "
            + "[RULE_ALLOW] -> deny by default [PERMISSION_MISSING]\n")
            .doesNotContain("line 4")
            .endsWith("2 requests decided, 1 flipped, 0 decided by another rule\n");
    }

    @Test
    void shouldFailOnFlipForCi() throws Exception {
        final Path requests = requests(OWNER_READ);

        final BundleCli.Result flipped = BundleCli.run("bundle", "diff", oldCompiled, newDir, "--requests", requests,
            "--fail-on-flip", "-o", "json");
        final BundleCli.Result same = BundleCli.run("bundle", "diff", oldCompiled, BundleCli.exampleBundle(),
            "--requests", requests, "--fail-on-flip");

        assertThat(flipped.exit()).as(flipped.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(flipped.out()).contains("\"changes\":[{\"category\":\"rule\",\"kind\":\"changed\","
            + "\"name\":\"owner-reads-own-order\",\"fields\":\"condition\"}]")
            .contains("\"flips\":[{\"line\":1,\"request\":\"GET /orders/7 as cust-9\","
                + "\"before\":{\"effect\":\"allow\",\"rule\":\"owner-reads-own-order\",\"step\":\"\","
                + "\"reason\":\"RULE_ALLOW\"},\"after\":{\"effect\":\"deny\",\"rule\":\"default\",\"step\":\"\","
                + "\"reason\":\"PERMISSION_MISSING\"}}]");
        assertThat(same.exit()).as(same.toString()).isZero();
        assertThat(same.out()).startsWith("no changes").contains("1 requests decided, 0 flipped");
    }

    @Test
    void shouldCompareASignedFileWithADirectory() {
        final Path signed = tmp.resolve("old.bundle.json");
        assertThat(BundleCli.run("bundle", "sign", oldCompiled, "--key", BundleCli.signingKey(), "--author", "a", "-o",
            signed).exit()).isZero();

        final BundleCli.Result r = BundleCli.run("bundle", "diff", signed, newDir);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("~ rule owner-reads-own-order (condition)\n");
    }

    @Test
    void shouldNameTheBadLineOfARequestFile() throws Exception {
        final Path requests = requests(OWNER_READ, "{\"method\":\"GET\",\"pth\":\"/x\"}");

        final BundleCli.Result r = BundleCli.run("bundle", "diff", oldCompiled, newDir, "--requests", requests);

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("error: " + requests + ":2: unknown member 'pth'");
    }

    @Test
    void shouldRequireRequestsForFailOnFlip() {
        final BundleCli.Result r = BundleCli.run("bundle", "diff", oldCompiled, newDir, "--fail-on-flip");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--fail-on-flip needs --requests");
    }

    private Path requests(final String... lines) throws Exception {
        final Path f = tmp.resolve("requests.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }
}
