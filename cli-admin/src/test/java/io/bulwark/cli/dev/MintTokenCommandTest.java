package io.bulwark.cli.dev;

import io.bulwark.cli.BulwarkCli;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.jwt.TokenFailure;
import io.bulwark.policy.jwt.TokenVerification;
import io.bulwark.policy.jwt.TokenVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bulwark dev mint-token}: the tokens it mints verify with the node's own verifier against the example
 * bundle's issuer, and a token whose payload was swapped does not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MintTokenCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static Path examples;
    private static TokenVerifier verifier;

    private String out;
    private String err;

    @BeforeAll
    static void compileExample() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("examples/orders-bundle"))) {
            p = p.getParent();
        }
        examples = p.resolve("examples");
        final CompileResult r = PolicyCompiler.compile(BundleInput.fromDirectory(examples.resolve("orders-bundle")));
        assertThat(r.ok()).isTrue();
        verifier = TokenVerifier.fromBundle(r.bundle(), 16);
    }

    private int run(final String... args) {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final CliContext ctx = new CliContext(Clock.fixed(NOW, ZoneOffset.UTC), new ByteArrayInputStream(new byte[0]),
            new PrintWriter(o, true), new PrintWriter(e, true), Map.of());
        final int exit = BulwarkCli.execute(ctx, args);
        out = o.toString();
        err = e.toString();
        return exit;
    }

    private String mint(final String kid, final String... extra) {
        final List<String> args = new java.util.ArrayList<>(List.of("dev", "mint-token", "--jwks-private",
            examples.resolve("keys/TEST-ONLY-issuer.private.jwks.json").toString(), "--kid", kid, "--iss",
            "https://id.example.test", "--aud", "orders-api", "--ttl", "10m"));
        args.addAll(List.of(extra));
        assertThat(run(args.toArray(new String[0]))).as(err).isEqualTo(ExitCodes.OK);
        return out.strip();
    }

    @Test
    void shouldMintTokensTheExampleIssuerAccepts() {
        for (final String kid : List.of("example-rs-1", "example-es-1")) {
            final String token = mint(kid, "--sub", "u1", "--roles", "reader,support", "--tenant", "acme");

            final TokenVerification v = verifier.verify(token, NOW.toEpochMilli() + 1_000);
            assertThat(v.ok()).as(kid + ": " + v.failure()).isTrue();
            assertThat(v.token().subject()).isEqualTo("u1");
            assertThat(v.token().expiresAtMs()).isEqualTo(NOW.plusSeconds(600).toEpochMilli());
            assertThat(err).contains("TEST-ONLY", kid).doesNotContain(token);
            assertThat(verifier.verify(token, NOW.plusSeconds(700).toEpochMilli()).failure())
                .isEqualTo(TokenFailure.EXPIRED);
        }
    }

    @Test
    void aTokenWithAnotherTokensClaimsShouldNotVerify() {
        final String reader = mint("example-rs-1", "--sub", "u1", "--roles", "reader");
        final String admin = mint("example-rs-1", "--sub", "u1", "--roles", "admin");
        final String[] r = reader.split("\\.");
        final String tampered = r[0] + "." + admin.split("\\.")[1] + "." + r[2];

        assertThat(verifier.verify(tampered, NOW.toEpochMilli()).ok()).isFalse();
        assertThat(verifier.verify(reader, NOW.toEpochMilli()).ok()).isTrue();
    }

    @Test
    void shouldRefuseAnUnknownKidAPublicKeyOrAnOverlongTtl() {
        final String jwks = examples.resolve("keys/TEST-ONLY-issuer.private.jwks.json").toString();
        assertThat(run("dev", "mint-token", "--jwks-private", jwks, "--kid", "nope", "--iss", "i", "--aud", "a",
            "--sub", "s")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("no key with kid 'nope'");

        assertThat(run("dev", "mint-token", "--jwks-private", jwks, "--iss", "i", "--aud", "a", "--sub", "s"))
            .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("name one with --kid");

        final String pub = examples.resolve("orders-bundle/keys/id.jwks.json").toString();
        assertThat(run("dev", "mint-token", "--jwks-private", pub, "--kid", "example-rs-1", "--iss", "i", "--aud",
            "a", "--sub", "s")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("no private part");

        assertThat(run("dev", "mint-token", "--jwks-private", jwks, "--kid", "example-rs-1", "--iss", "i", "--aud",
            "a", "--sub", "s", "--ttl", "48h")).isEqualTo(ExitCodes.USAGE);
        assertThat(out).isEmpty();
    }

    @Test
    void shouldBeHiddenFromTheRootHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out).doesNotContain("dev ", "mint-token");
        assertThat(run("dev", "mint-token", "--help")).isZero();
        assertThat(out).contains("TEST-ONLY", "Examples:");
    }
}
