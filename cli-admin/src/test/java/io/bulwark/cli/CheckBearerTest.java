package io.bulwark.cli;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bulwark check} with a bearer JWT and request attributes, against a canned loopback check service. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckBearerTest {
    private static final String READER = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUtcnMtMSJ9.eyJzdWIiOiJ1MSJ9.c2ln";
    private static final String DELETER = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUtcnMtMSJ9.eyJzdWIiOiJhMSJ9.c2ln";

    private final List<CheckRequest> received = new CopyOnWriteArrayList<>();
    private LoopbackServer server;
    private StringWriter out;
    private StringWriter err;

    @TempDir
    Path tmp;

    /** ALLOW by route for the reader's token, CHALLENGE mfa for the other one. */
    final class PolicyChecks extends CheckServiceGrpc.CheckServiceImplBase {
        @Override
        public void check(final CheckRequest r, final StreamObserver<CheckResponse> o) {
            received.add(r);
            final boolean reader = READER.equals(r.getBearerToken());
            o.onNext(CheckResponse.newBuilder()
                .setDecision(reader ? Decision.DECISION_ALLOW : Decision.DECISION_CHALLENGE)
                .addReasons(ReasonCode.REASON_TOKEN_VALID).setSubject(reader ? "u1" : "a1")
                .setRule(reader ? "route" : "step-up-for-delete").setChallenge(reader ? "" : "mfa")
                .setBundleVersion("3").setAppliedIndex(120).setNodeId("n1").build());
            o.onCompleted();
        }
    }

    @BeforeEach
    void start() {
        server = LoopbackServer.start(new PolicyChecks());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(final String stdin, final String... args) {
        out = new StringWriter();
        err = new StringWriter();
        final CliContext ctx = new CliContext(Clock.fixed(Instant.ofEpochMilli(1_795_000_000_000L), ZoneOffset.UTC),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
            new PrintWriter(err, true), Map.of("BULWARK_ENDPOINTS", server.address()));
        return BulwarkCli.execute(ctx, args);
    }

    @Test
    void shouldSendTheTokenFromAFileWithEveryAttributeAndPrintTheRule() throws Exception {
        final Path file = tmp.resolve("token.jwt");
        Files.writeString(file, READER + "\n");

        final int exit = run("", "check", "--bearer-token-file", file.toString(), "--method", "GET", "--path",
            "/orders/42", "--tenant", "acme", "--ip", "10.0.0.7", "--header", "X-Trace=abc", "--header",
            "x-empty=");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        final CheckRequest sent = received.get(0);
        assertThat(sent.getBearerToken()).isEqualTo(READER);
        assertThat(sent.getRequest().getMethod()).isEqualTo("GET");
        assertThat(sent.getRequest().getPath()).isEqualTo("/orders/42");
        assertThat(sent.getRequest().getTenant()).isEqualTo("acme");
        assertThat(sent.getRequest().getSourceIp()).isEqualTo("10.0.0.7");
        assertThat(sent.getRequest().getHeadersMap()).containsExactlyInAnyOrderEntriesOf(
            Map.of("x-trace", "abc", "x-empty", ""));
        assertThat(out.toString()).containsPattern("(?m)^decision:\\s+allow$").containsPattern("(?m)^rule:\\s+route$")
            .containsPattern("(?m)^reasons:\\s+token_valid$").containsPattern("(?m)^bundle_version:\\s+3$")
            .doesNotContain(READER);
        assertThat(err.toString()).doesNotContain(READER).isEmpty();
    }

    @Test
    void shouldReadTheTokenFromStdinAndExitOneOnAChallenge() {
        final int exit = run(DELETER + "\n", "check", "--bearer-token-file", "-", "--method", "DELETE", "--path",
            "/orders/42", "-o", "json");

        assertThat(exit).isEqualTo(ExitCodes.DENIED);
        assertThat(received.get(0).getBearerToken()).isEqualTo(DELETER);
        assertThat(out.toString()).contains("\"decision\":\"DECISION_CHALLENGE\"", "\"challenge\":\"mfa\"",
            "\"rule\":\"step-up-for-delete\"").doesNotContain(DELETER);
    }

    @Test
    void shouldRefuseTwoCredentialsAnEmptyFileOrATokenWithAPrefix() throws Exception {
        final Path file = tmp.resolve("token.jwt");
        Files.writeString(file, READER);
        assertThat(run("", "check", "--bearer-token-file", file.toString(), "--session-id-file", file.toString()))
            .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("one credential");

        final Path empty = tmp.resolve("empty.jwt");
        Files.writeString(empty, "\n");
        assertThat(run("", "check", "--bearer-token-file", empty.toString())).isEqualTo(ExitCodes.USAGE);

        final Path prefixed = tmp.resolve("prefixed.jwt");
        Files.writeString(prefixed, "Bearer " + READER);
        assertThat(run("", "check", "--bearer-token-file", prefixed.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("one compact JWT").doesNotContain(READER);

        assertThat(received).isEmpty();
    }

    @Test
    void shouldWarnAboutACredentialHeaderOnTheCommandLine() throws Exception {
        final Path file = tmp.resolve("token.jwt");
        Files.writeString(file, READER);

        assertThat(run("", "check", "--bearer-token-file", file.toString(), "--header", "Authorization=Basic eA=="))
            .isZero();

        assertThat(err.toString()).contains("warning:", "authorization").doesNotContain("Basic eA==");
        assertThat(received.get(0).getRequest().getHeadersMap()).containsKey("authorization");
    }
}
