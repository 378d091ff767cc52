package io.bulwark.cli.bundle;

import io.bulwark.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bundle validate} and {@code bundle test} on the example bundle and broken copies of it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ValidateAndTestCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shouldValidateTheExampleBundle() {
        final BundleCli.Result r = BundleCli.run("bundle", "validate", BundleCli.exampleBundle());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("ok: bundle orders sha256:");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void shouldReportTheExactPositionOfASyntaxError() {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("routes.policy"), "route GET \"/orders/{id}\" requires",
            "route GET \"/orders/{id}\" requirs");

        final BundleCli.Result r = BundleCli.run("bundle", "validate", dir);

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains(dir.resolve("routes.policy") + ":4:26: expected 'requires' or 'public' after the "
            + "route path, found 'requirs'\n").endsWith("1 error\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldReportTheExactPositionOfACelTypeErrorAsJson() {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("rules.policy"), "resource.owner == principal.sub",
            "resource.owner == principal.subj");

        final BundleCli.Result r = BundleCli.run("bundle", "validate", dir, "-o", "json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).startsWith("{\"ok\":false,\"errors\":[{\"file\":\"" + dir.resolve("rules.policy")
            + "\",\"line\":14,\"col\":49,\"message\":\"in condition of rule 'owner-reads-own-order': ");
    }

    @Test
    void shouldRefuseAMissingDirectoryWithNotFound() {
        final BundleCli.Result r = BundleCli.run("bundle", "validate", tmp.resolve("nope"));
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).isEqualTo("error: " + tmp.resolve("nope") + ": no such directory\n");
    }

    @Test
    void shouldRefuseADirectoryWithoutPolicyFiles() {
        final BundleCli.Result r = BundleCli.run("bundle", "test", tmp);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no .policy files");
    }

    @Test
    void shouldPassEveryTestOfTheExampleBundle() {
        final BundleCli.Result r = BundleCli.run("bundle", "test", BundleCli.exampleBundle());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PASS reader reads an order (allow by route)\n")
            .contains("PASS admin delete without mfa is challenged (challenge \"mfa\" by step-up-for-delete)\n")
            .containsPattern("19 passed, 0 failed \\(bundle orders sha256:[0-9a-f]{64}\\)\n$")
            .doesNotContain("FAIL");
    }

    @Test
    void shouldFailOnAWrongExpectation() {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("tests/orders.policy"), "request POST \"/orders\"\n  as corp { sub: \"u1\", "
            + "roles: [\"reader\"] }\n  expect deny by default", "request POST \"/orders\"\n  as corp { sub: \"u1\", "
            + "roles: [\"reader\"] }\n  expect allow by route");

        final BundleCli.Result r = BundleCli.run("bundle", "test", dir);

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).contains("FAIL reader cannot create orders: expected allow by route, got deny by default "
            + "[PERMISSION_MISSING]\n").contains("18 passed, 1 failed");
    }

    @Test
    void shouldReportFailuresAsJson() {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("tests/orders.policy"), "expect challenge \"mfa\" by step-up-for-delete",
            "expect deny by step-up-for-delete");

        final BundleCli.Result r = BundleCli.run("bundle", "test", dir, "--output", "json");

        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).startsWith("{\"bundle\":\"orders\",\"contentHash\":\"sha256:")
            .contains("\"passed\":18,\"failed\":1,")
            .contains("{\"name\":\"admin delete without mfa is challenged\",\"passed\":false,"
                + "\"expected\":{\"effect\":\"deny\",\"rule\":\"step-up-for-delete\",\"step\":\"\"},"
                + "\"actual\":{\"effect\":\"challenge\",\"rule\":\"step-up-for-delete\",\"step\":\"mfa\","
                + "\"reason\":\"RULE_CHALLENGE\"}}");
    }

    @Test
    void shouldNotRunTestsOfABundleThatDoesNotCompile() {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("roles.policy"), "inherits reader", "inherits raeder");

        final BundleCli.Result r = BundleCli.run("bundle", "test", dir);

        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(dir.resolve("roles.policy") + ":").contains("raeder")
            .contains("error: the bundle does not compile (1 error); no test was run");
    }
}
