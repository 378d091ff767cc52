package io.bulwark.cli;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.AddMemberRequest;
import io.bulwark.api.v1.RemoveMemberRequest;
import io.bulwark.api.v1.TransferLeadershipRequest;
import io.bulwark.client.Selectors;
import io.bulwark.client.testing.LoopbackServer;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the CLI in-process against a canned loopback server: parsing, output shapes and exit codes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTest {
    private static final Instant NOW = Instant.ofEpochMilli(CannedCluster.NOW_MS);

    private CannedCluster cluster;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void start() {
        cluster = new CannedCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private int runWithStdin(final String stdin, final String... args) {
        final List<String> all = new ArrayList<>(Arrays.asList(args));
        out = new StringWriter();
        err = new StringWriter();
        final CliContext ctx = new CliContext(Clock.fixed(NOW, ZoneOffset.UTC),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
            new PrintWriter(err, true), Map.of("BULWARK_ENDPOINTS", cluster.address()));
        return BulwarkCli.execute(ctx, all.toArray(new String[0]));
    }

    private int run(final String... args) {
        return runWithStdin("", args);
    }

    private static <B extends Message.Builder> B parse(final String json, final B builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return builder;
    }

    @Test
    void sessionCreateShouldPrintTheIdItWasAskedForAndUseTheGivenRequestId() {
        assertThat(run("session", "create", "--subject", "alice", "--ttl", "15m", "--request-id", "deploy-42"))
            .isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("session_id:", CannedCluster.GENERATED_ID, "applied_index:", "11",
            "request_id:", "deploy-42", "subject:", "alice");
        final CreateSessionRequest sent = cluster.receivedOf(CreateSessionRequest.class).get(0);
        assertThat(sent.getWrite().getRequestId()).isEqualTo("deploy-42");
        assertThat(sent.getTtlMs()).isEqualTo(900_000);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void sessionCreateJsonShouldBeOneProtobufJsonObject() throws Exception {
        assertThat(run("session", "create", "--subject", "bob", "--ttl", "2h", "-o", "json")).isEqualTo(0);

        final String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(1);
        final CreateSessionResponse r = parse(lines[0], CreateSessionResponse.newBuilder()).build();
        assertThat(r.getSession().getSessionId()).isEqualTo(CannedCluster.GENERATED_ID);
        assertThat(r.getWrite().getAppliedIndex()).isEqualTo(11);
        assertThat(lines[0]).contains("\"duplicate\":false");
        // A generated request id was sent.
        assertThat(cluster.receivedOf(CreateSessionRequest.class).get(0).getWrite().getRequestId()).hasSize(22);
    }

    @Test
    void sessionGetShouldReadTheIdFromStdinAndNeverEchoIt() {
        final String secret = "stdin-secret-session-id-42424242";

        assertThat(runWithStdin(secret + "\n", "session", "get", "--session-id", "-", "--consistency", "linearizable"))
            .isEqualTo(0);

        final GetSessionRequest sent = cluster.receivedOf(GetSessionRequest.class).get(0);
        assertThat(sent.getSession().getSessionId()).isEqualTo(secret);
        assertThat(sent.getRead().getConsistency()).isEqualTo(Consistency.CONSISTENCY_LINEARIZABLE);
        assertThat(out.toString()).contains("session_ref:", "state:", "active").doesNotContain(secret);
        assertThat(err.toString()).doesNotContain(secret).isEmpty();
    }

    @Test
    void aSessionIdOnTheCommandLineShouldDrawAWarningButNoEcho(@TempDir final Path dir) throws Exception {
        final String secret = "literal-secret-session-id-777777";
        assertThat(run("session", "touch", "--session-id", secret, "--ttl", "1h")).isEqualTo(0);
        assertThat(err.toString()).contains("warning:", "--session-id-file").doesNotContain(secret);
        assertThat(out.toString()).doesNotContain(secret);
        assertThat(cluster.receivedOf(TouchSessionRequest.class).get(0).getTtlMs()).isEqualTo(3_600_000);

        final Path file = dir.resolve("sid.txt");
        Files.writeString(file, secret + "\n");
        assertThat(run("session", "revoke", "--session-id-file", file.toString(), "--reason", "logout")).isEqualTo(0);
        final RevokeSessionRequest revoke = cluster.receivedOf(RevokeSessionRequest.class).get(0);
        assertThat(revoke.getSession().getSessionId()).isEqualTo(secret);
        assertThat(revoke.getReason()).isEqualTo(RevocationReason.REVOCATION_REASON_LOGOUT);
        assertThat(out.toString()).contains(Selectors.refOf(secret)).doesNotContain(secret);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldExitWithNotFoundAndTheReasonOnStderr() {
        assertThat(runWithStdin(CannedCluster.MISSING_ID, "session", "get", "--session-id", "-")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("NOT_FOUND", "SESSION_NOT_FOUND").doesNotContain(CannedCluster.MISSING_ID);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void checkShouldExitZeroOnAllowAndOneOnDeny() {
        assertThat(runWithStdin(CannedCluster.ALLOW_ID, "check", "--session-id", "-")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("decision:", "allow", "session_active", "node:", "n1");

        assertThat(runWithStdin("other-session-id-00000000", "check", "--session-id", "-")).isEqualTo(ExitCodes.DENIED);
        assertThat(out.toString()).contains("deny", "session_revoked");
    }

    @Test
    void checkShouldSendTokenClaimsWithRelativeTimesAndAtLeastReads() throws Exception {
        assertThat(run("check", "--issuer", "https://id.example.com", "--token-id", "jti-1", "--subject", "alice",
            "--issued-at", "-5m", "--expires-at", "55m", "--min-index", "42", "-o", "json")).isEqualTo(0);

        final CheckRequest sent = cluster.receivedOf(CheckRequest.class).get(0);
        assertThat(sent.getToken().getIssuedAtMs()).isEqualTo(CannedCluster.NOW_MS - 300_000);
        assertThat(sent.getToken().getExpiresAtMs()).isEqualTo(CannedCluster.NOW_MS + 3_300_000);
        assertThat(sent.getRead().getConsistency()).isEqualTo(Consistency.CONSISTENCY_AT_LEAST);
        assertThat(sent.getRead().getMinIndex()).isEqualTo(42);
        assertThat(out.toString().strip()).startsWith("{").contains("\"decision\":\"DECISION_ALLOW\"");
    }

    @Test
    void shouldMapServerErrorsToDocumentedExitCodes() {
        assertThat(runWithStdin(CannedCluster.INVALID_ID, "check", "--session-id", "-")).isEqualTo(ExitCodes.REJECTED);
        assertThat(err.toString()).contains("FIELD_MALFORMED", "field=session_id");
        assertThat(runWithStdin(CannedCluster.BROKEN_ID, "check", "--session-id", "-")).isEqualTo(ExitCodes.ERROR);
        assertThat(runWithStdin(CannedCluster.ALLOW_ID, "check", "--session-id", "-", "--timeout", "2s",
            "--endpoints", LoopbackServer.deadAddress())).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("UNAVAILABLE").doesNotContain("--request-id");

        assertThat(run("revoke", "subject", "--subject", "alice", "--request-id", "incident-7", "--timeout", "2s",
            "--endpoints", LoopbackServer.deadAddress())).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("re-run with --request-id incident-7");
    }

    @Test
    void shouldExitWithUsageErrorOnBadCommandLines() {
        assertThat(run("session", "create", "--subject", "a", "--ttl", "15x")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("not a duration");
        assertThat(run("check", "--session-id", "x", "--consistency", "at-least")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("check", "--session-id", "x", "--issuer", "i")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("session", "get", "--frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("session")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("revocation", "get", "--issuer", "i")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("session", "list", "--subject", "a", "--limit", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("revoke", "api-key", "--api-key-id", "k", "--request-id", "no spaces")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("session", "get", "--session-ref", "ab", "--endpoints", "nohost")).isEqualTo(ExitCodes.USAGE);
        assertThat(cluster.received).isEmpty();
    }

    @Test
    void revokeVerbsShouldBuildTheirTargets() {
        assertThat(run("revoke", "token", "--issuer", "https://id", "--token-id", "t1", "--expires-at", "1h",
            "--reason", "compromised")).isEqualTo(0);
        assertThat(out.toString()).contains("token iss=https://id jti=t1", "applied_index:", "14");
        assertThat(run("revoke", "subject", "--subject", "alice", "--not-before", "-10m")).isEqualTo(0);
        assertThat(run("revoke", "api-key", "--api-key-id", "key_1", "--expires-at", "2030-01-01T00:00:00Z"))
            .isEqualTo(0);
        assertThat(run("revoke", "session", "--session-ref", "abc123")).isEqualTo(0);

        final List<RevokeRequest> sent = cluster.receivedOf(RevokeRequest.class);
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0).getTarget().getToken().getTokenId()).isEqualTo("t1");
        assertThat(sent.get(0).getExpiresAtMs()).isEqualTo(CannedCluster.NOW_MS + 3_600_000);
        assertThat(sent.get(0).getReason()).isEqualTo(RevocationReason.REVOCATION_REASON_COMPROMISED);
        assertThat(sent.get(1).getTarget().getSubject()).isEqualTo("alice");
        assertThat(sent.get(1).getNotBeforeMs()).isEqualTo(CannedCluster.NOW_MS - 600_000);
        assertThat(sent.get(1).getReason()).isEqualTo(RevocationReason.REVOCATION_REASON_ADMINISTRATIVE);
        assertThat(sent.get(2).getExpiresAtMs()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        assertThat(sent.get(3).getTarget().getSession().getSessionRef()).isEqualTo("abc123");
        assertThat(sent.stream().map(r -> r.getWrite().getRequestId()).distinct()).hasSize(4);
    }

    @Test
    void revocationGetShouldPrintTheAnswerAsTextOrJson() throws Exception {
        assertThat(run("revocation", "get", "--subject", "alice")).isEqualTo(0);
        assertThat(out.toString()).contains("revoked:", "true", "compromised", "not_before:");

        assertThat(run("revocation", "get", "--issuer", "i", "--token-id", "t", "-o", "json")).isEqualTo(0);
        final GetRevocationResponse r = parse(out.toString(), GetRevocationResponse.newBuilder()).build();
        assertThat(r.getRevoked()).isFalse();
        assertThat(r.getMeta().getNodeId()).isEqualTo("n1");
        assertThat(cluster.receivedOf(GetRevocationRequest.class).get(1).getTarget().getToken().getIssuer())
            .isEqualTo("i");
    }

    @Test
    void sessionListShouldRenderATableOrOneJsonObject() throws Exception {
        assertThat(run("session", "list", "--subject", "alice")).isEqualTo(0);
        assertThat(out.toString()).contains("SESSION_REF", Selectors.refOf("a"), Selectors.refOf("b"),
            "2 session(s) of alice", "truncated");

        assertThat(run("session", "list", "--subject", "alice", "--output", "JSON")).isEqualTo(0);
        assertThat(parse(out.toString(), ListSessionsResponse.newBuilder()).getSessionsCount()).isEqualTo(2);
    }

    @Test
    void clusterStatusShouldShowEveryMemberWithLagAndReachability() {
        assertThat(run("cluster", "status")).isEqualTo(0);
        assertThat(out.toString()).contains("NODE", "n1", "leader", "n2", "no: UNAVAILABLE",
            "leader n1, term 3", "1/2 members reachable");

        assertThat(run("cluster", "status", "-o", "json")).isEqualTo(0);
        assertThat(out.toString().strip().split("\n")).hasSize(1);
        assertThat(out.toString()).contains("\"leaderId\":\"n1\"", "\"lagEntries\":0", "\"reachable\":false",
            "\"nodeId\":\"n2\"", "\"role\":\"NODE_ROLE_LEADER\"");
    }

    @Test
    void clusterStatusShouldExitUnavailableWhenNoMemberAnswers() {
        assertThat(run("cluster", "status", "--endpoints", LoopbackServer.deadAddress())).isEqualTo(5);
    }

    @Test
    void clusterSnapshotAndTransferShouldReachTheRightNode() {
        assertThat(run("cluster", "snapshot", "--node", "n1")).isEqualTo(0);
        assertThat(out.toString()).contains("snapshot_index:", "20");
        assertThat(run("cluster", "snapshot", "--node", "n7")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("cluster", "transfer-leadership", "--to", "n2", "--wait", "3s")).isEqualTo(0);
        final TransferLeadershipRequest t = cluster.receivedOf(TransferLeadershipRequest.class).get(0);
        assertThat(t.getNodeId()).isEqualTo("n2");
        assertThat(t.getTimeoutMs()).isEqualTo(3000);
        assertThat(out.toString()).contains("leader:", "n2");
    }

    @Test
    void clusterMembershipCommandsShouldSendTheRequestAndReportTheOutcome() {
        assertThat(run("cluster", "add-member", "--node", "n4", "--raft-address", "h4:7100", "--api-address", "h4:7000",
            "--wait", "45s")).isEqualTo(0);
        final AddMemberRequest add = cluster.receivedOf(AddMemberRequest.class).get(0);
        assertThat(add.getNodeId()).isEqualTo("n4");
        assertThat(add.getRaftAddress()).isEqualTo("h4:7100");
        assertThat(add.getApiAddress()).isEqualTo("h4:7000");
        assertThat(add.getTimeoutMs()).isEqualTo(45_000);
        assertThat(out.toString()).contains("changed:", "true", "n4 (raft h4:7100, api h4:7000)");

        assertThat(run("cluster", "remove-member", "--node", "n3", "-o", "json")).isEqualTo(0);
        assertThat(cluster.receivedOf(RemoveMemberRequest.class).get(0).getNodeId()).isEqualTo("n3");
        assertThat(out.toString()).contains("\"changed\":false");

        assertThat(run("cluster", "remove-member", "--node", "n1")).isEqualTo(ExitCodes.REJECTED);
        assertThat(err.toString()).contains("MEMBERSHIP_QUORUM");
        assertThat(run("cluster", "add-member", "--node", "n5")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void completionAndVersionShouldPrint() {
        assertThat(run("completion")).isEqualTo(0);
        assertThat(out.toString()).contains("complete -F", "bulwark", "transfer-leadership");
        assertThat(run("--version")).isEqualTo(0);
        assertThat(out.toString()).startsWith("bulwark ");
    }

    @Test
    void everyCommandShouldExplainItselfWithExamplesAndExitCodes() {
        final List<List<String>> paths = new ArrayList<>();
        collect(BulwarkCli.commandLine(new CliContext(Clock.systemUTC(), System.in, new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), Map.of())), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (final List<String> path : paths) {
            final List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(run(args.toArray(new String[0]))).as("%s --help", path).isEqualTo(0);
            assertThat(out.toString()).as("%s --help", path).contains("Usage:", "Exit codes:", "  5   unavailable");
            if (!path.isEmpty() && !path.get(0).equals("help")) {
                assertThat(out.toString()).as("%s --help", path).contains("Examples:");
            }
        }
    }

    private static void collect(final picocli.CommandLine cmd, final List<String> prefix,
                                final List<List<String>> paths) {
        paths.add(prefix);
        for (final Map.Entry<String, picocli.CommandLine> sub : cmd.getSubcommands().entrySet()) {
            final List<String> p = new ArrayList<>(prefix);
            p.add(sub.getKey());
            collect(sub.getValue(), p, paths);
        }
    }
}
