package io.bulwark.state.bundle;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleVersionState;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PutBundleVersion;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundle appliers, the bundle tables in snapshots and digests, and the complete check. */
class BundleVersionsTest {
    static final long T0 = 1_800_000_000_000L;
    static TestBundles fx;
    static byte[] v1Bytes;
    static byte[] v2Bytes;

    BulwarkState state;
    long index;
    final List<CommandBatch> log = new ArrayList<>();

    @BeforeAll
    static void keys() {
        fx = new TestBundles();
        v1Bytes = fx.signed(false, "first");
        v2Bytes = fx.signed(true, "second");
    }

    static StateConfig config() {
        return new StateConfig(100, 100, 100, 100, 8, Duration.ofMinutes(10));
    }

    @BeforeEach
    void open() {
        state = BulwarkState.open(config(), fx.settings(4));
    }

    @AfterEach
    void close() {
        state.close();
    }

    CommandResult apply(Command c) {
        CommandBatch b = CommandBatch.newBuilder().addCommands(c).build();
        log.add(b);
        return state.apply(++index, b).getResults(0);
    }

    Command push(byte[] signed) {
        Admission a = state.admitBundle(signed);
        assertThat(a.ok()).as(a.detail()).isTrue();
        return Command.newBuilder().setHeader(TestBundles.header(T0 + index)).setPutBundleVersion(BundleCommands.put(signed, a)).build();
    }

    /** A push that skips the edge: apply must refuse it on its own. */
    Command rawPush(byte[] signed, String hash) {
        return Command.newBuilder().setHeader(TestBundles.header(T0))
                .setPutBundleVersion(PutBundleVersion.newBuilder().setSignedBundle(ByteString.copyFrom(signed)).setContentHash(hash))
                .build();
    }

    CheckOutcome checkBearer(String token, String method, String path) {
        CheckInput in = new CheckInput().reset();
        in.bearerToken = token;
        in.method = method;
        in.path = path;
        CheckOutcome out = new CheckOutcome();
        state.check(in, T0 + 1000, out);
        return out;
    }

    static List<ReasonCode> reasons(CheckOutcome o) {
        return java.util.Arrays.asList(o.reasons).subList(0, o.reasonCount);
    }

    @Test
    void shouldStorePushIdempotentlyByContentHash() {
        CommandResult first = apply(push(v1Bytes));
        CommandResult again = apply(push(v1Bytes));

        assertThat(first.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(first.getBundle().getVersion()).isEqualTo(1);
        assertThat(first.getBundle().getState()).isEqualTo(BundleVersionState.BUNDLE_VERSION_STATE_STAGED);
        assertThat(first.getBundle().getContentHash()).startsWith("sha256:");
        assertThat(first.getBundle().getAuthor()).isEqualTo("ci@test");
        assertThat(first.getBundle().getPushedBy()).isEqualTo("tester");
        assertThat(first.getBundle().getPushedIndex()).isEqualTo(1);
        assertThat(again.getBundle().getVersion()).isEqualTo(1);
        assertThat(state.listBundleVersions(50).getVersionsList()).hasSize(1);
        assertThat(state.listBundleVersions(50).getHistoryList()).extracting(ActivationEvent::getAction)
                .containsExactly(ActivationEvent.Action.ACTION_PUSH);
    }

    @Test
    void shouldRefuseUnsignedTamperedAndUntrustedBundlesAtApply() {
        String json = new String(v1Bytes, StandardCharsets.UTF_8);
        String unsigned = json.replaceAll("\"signature\"\\s*:\\s*\"[^\"]*\"", "\"signature\":\"\"");
        // Flip one character of the metadata the signature covers.
        String tampered = json.replace("ci@test", "ci@evil");
        byte[] untrusted = fx.signedBy(fx.stranger, false, "first");

        assertThat(state.admitBundle(unsigned.getBytes(StandardCharsets.UTF_8)).code()).isEqualTo(ResultCode.RESULT_BUNDLE_UNSIGNED);
        assertThat(apply(rawPush(unsigned.getBytes(StandardCharsets.UTF_8), "x")).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_UNSIGNED);
        assertThat(apply(rawPush(tampered.getBytes(StandardCharsets.UTF_8), "x")).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_TAMPERED);
        assertThat(apply(rawPush(untrusted, "x")).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_UNTRUSTED_KEY);
        assertThat(apply(rawPush("{}".getBytes(StandardCharsets.UTF_8), "x")).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_INVALID);
        // Verified bytes but metadata the proposer misreported.
        assertThat(apply(rawPush(v1Bytes, "sha256:00")).getCode()).isEqualTo(ResultCode.RESULT_INVALID);
        assertThat(state.listBundleVersions(50).getVersionsList()).isEmpty();

        try (BulwarkState noKeys = BulwarkState.open(config())) {
            assertThat(noKeys.admitBundle(v1Bytes).code()).isEqualTo(ResultCode.RESULT_BUNDLE_UNTRUSTED_KEY);
            assertThat(noKeys.admitBundle(v1Bytes).detail()).contains("policy.trusted.keys");
        }
    }

    @Test
    void shouldShadowPromoteAndRollBack() {
        String token = fx.token("u1", "jti-1", List.of("reader"), T0, false);
        assertThat(checkBearer(token, "GET", "/orders/7").reasons[0]).isEqualTo(ReasonCode.REASON_NO_ACTIVE_BUNDLE);

        apply(push(v1Bytes));
        CommandResult promoted = apply(TestBundles.promote(T0, 1, ""));
        assertThat(promoted.getActiveBundle().getVersion()).isEqualTo(1);
        CheckOutcome allowed = checkBearer(token, "GET", "/orders/7");
        assertThat(allowed.decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(allowed.bundleVersion).isEqualTo("1");
        assertThat(allowed.rule).isEqualTo("route");
        assertThat(allowed.subject).isEqualTo("u1");
        assertThat(reasons(allowed)).containsExactly(ReasonCode.REASON_POLICY_ALLOW, ReasonCode.REASON_TOKEN_VALID);

        apply(push(v2Bytes));
        CommandResult shadowed = apply(TestBundles.shadow(T0, 2));
        assertThat(shadowed.getShadowBundle().getVersion()).isEqualTo(2);
        assertThat(shadowed.getShadowBundle().getState()).isEqualTo(BundleVersionState.BUNDLE_VERSION_STATE_SHADOW);
        assertThat(checkBearer(token, "GET", "/orders/7").decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(checkBearer(token, "GET", "/health").decision).isEqualTo(Decision.DECISION_ALLOW);
        GetBundleStatusResponse status = state.bundleStatus().build();
        assertThat(status.getActive().getVersion()).isEqualTo(1);
        assertThat(status.getShadowChecks()).isEqualTo(2);
        assertThat(status.getFlipsList()).hasSize(1);
        assertThat(status.getFlips(0).getRoute()).isEqualTo("GET /orders/{id}");
        assertThat(status.getFlips(0).getAllowToDeny()).isEqualTo(1);

        String activeHash = promoted.getActiveBundle().getContentHash();
        assertThat(apply(TestBundles.promote(T0, 0, "sha256:not-it")).getCode()).isEqualTo(ResultCode.RESULT_ACTIVE_HASH_MISMATCH);
        CommandResult second = apply(TestBundles.promote(T0, 0, activeHash));
        assertThat(second.getActiveBundle().getVersion()).isEqualTo(2);
        assertThat(second.hasShadowBundle()).isFalse();
        CheckOutcome denied = checkBearer(token, "GET", "/orders/7");
        assertThat(denied.decision).isEqualTo(Decision.DECISION_DENY);
        assertThat(denied.rule).isEqualTo("no-reads");
        assertThat(denied.bundleVersion).isEqualTo("2");
        assertThat(reasons(denied).get(0)).isEqualTo(ReasonCode.REASON_POLICY_DENY);

        CommandResult back = apply(TestBundles.rollback(T0, 0));
        assertThat(back.getActiveBundle().getVersion()).isEqualTo(1);
        assertThat(checkBearer(token, "GET", "/orders/7").bundleVersion).isEqualTo("1");
        assertThat(state.listBundleVersions(50).getVersionsList().get(0).getState())
                .isEqualTo(BundleVersionState.BUNDLE_VERSION_STATE_RETIRED);
        // A second rollback returns to where the first started.
        assertThat(apply(TestBundles.rollback(T0, 0)).getActiveBundle().getVersion()).isEqualTo(2);
        assertThat(apply(TestBundles.rollback(T0, 99)).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND);
        assertThat(apply(TestBundles.shadow(T0, 2)).getCode()).isEqualTo(ResultCode.RESULT_INVALID);

        assertThat(state.listBundleVersions(50).getHistoryList()).extracting(ActivationEvent::getAction).containsExactly(
                ActivationEvent.Action.ACTION_ROLLBACK, ActivationEvent.Action.ACTION_ROLLBACK,
                ActivationEvent.Action.ACTION_PROMOTE, ActivationEvent.Action.ACTION_SHADOW,
                ActivationEvent.Action.ACTION_PUSH, ActivationEvent.Action.ACTION_PROMOTE,
                ActivationEvent.Action.ACTION_PUSH);
    }

    @Test
    void shouldRefuseRollbackWithoutPreviousVersion() {
        apply(push(v1Bytes));
        assertThat(apply(TestBundles.rollback(T0, 0)).getCode()).isEqualTo(ResultCode.RESULT_NO_PREVIOUS_VERSION);
        apply(TestBundles.promote(T0, 1, ""));
        assertThat(apply(TestBundles.rollback(T0, 0)).getCode()).isEqualTo(ResultCode.RESULT_NO_PREVIOUS_VERSION);
        assertThat(apply(TestBundles.promote(T0, 0, "")).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND);
    }

    @Test
    void shouldPruneOldVersionsButKeepActiveShadowAndPrevious() {
        apply(push(v1Bytes));
        apply(TestBundles.promote(T0, 1, ""));
        apply(push(fx.signed(false, "v2")));
        apply(TestBundles.promote(T0, 2, ""));
        apply(push(fx.signed(false, "v3")));
        apply(TestBundles.shadow(T0, 3));
        for (int i = 4; i <= 8; i++) {
            apply(push(fx.signed(false, "v" + i)));
        }
        ListBundleVersionsResponse list = state.listBundleVersions(50).build();
        assertThat(list.getVersionsList()).extracting(v -> v.getVersion()).containsExactly(8L, 3L, 2L, 1L);
        assertThat(apply(TestBundles.promote(T0, 5, "")).getCode()).isEqualTo(ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND);
    }

    @Test
    void shouldDenyForgedAndRevokedTokensWithDistinctReasons() {
        apply(push(v1Bytes));
        apply(TestBundles.promote(T0, 1, ""));
        String forged = fx.token("u1", "jti-2", List.of("reader"), T0, true);
        String good = fx.token("u1", "jti-3", List.of("reader"), T0, false);
        String[] parts = good.split("\\.");
        String algNone = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";

        assertThat(reasons(checkBearer(forged, "GET", "/orders/7")))
                .containsExactly(ReasonCode.REASON_TOKEN_BAD_SIGNATURE, ReasonCode.REASON_TOKEN_INVALID);
        assertThat(reasons(checkBearer(algNone, "GET", "/orders/7")).get(0)).isEqualTo(ReasonCode.REASON_TOKEN_ALG_NONE);
        assertThat(reasons(checkBearer("not-a-jwt", "GET", "/orders/7")).get(0)).isEqualTo(ReasonCode.REASON_TOKEN_MALFORMED);

        // Revocation is consulted on every check, also for a token served from the verified cache.
        assertThat(checkBearer(good, "GET", "/orders/7").decision).isEqualTo(Decision.DECISION_ALLOW);
        byte[] tokenKey = io.bulwark.state.validate.Hashes.tokenHash(TestBundles.ISS, "jti-3");
        apply(Command.newBuilder().setHeader(TestBundles.header(T0)).setRevoke(io.bulwark.replication.v1.Revoke.newBuilder()
                .setKind(io.bulwark.replication.v1.RevocationKind.REVOCATION_KIND_TOKEN)
                .setKeyHash(ByteString.copyFrom(tokenKey)).setExpiresAtMs(T0 + 3_600_000)).build());
        CheckOutcome revoked = checkBearer(good, "GET", "/orders/7");
        assertThat(revoked.decision).isEqualTo(Decision.DECISION_DENY);
        assertThat(revoked.reasons[0]).isEqualTo(ReasonCode.REASON_TOKEN_REVOKED);
    }

    @Test
    void shouldKeepCredentialOnlyChecksWithoutRequestAttributes() {
        apply(push(v2Bytes));
        apply(TestBundles.promote(T0, 1, ""));
        String token = fx.token("u1", "jti-4", List.of("reader"), T0, false);
        CheckOutcome noAttributes = checkBearer(token, null, null);
        assertThat(noAttributes.decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(noAttributes.rule).isNull();
        assertThat(noAttributes.bundleVersion).isEqualTo("1");
        CheckOutcome challenged = checkBearer(token, "DELETE", "/orders/7");
        assertThat(challenged.decision).isEqualTo(Decision.DECISION_CHALLENGE);
        assertThat(challenged.challenge).isEqualTo("mfa");
        assertThat(challenged.rule).isEqualTo("step-up-delete");
        assertThat(reasons(checkBearer(token, "POST", "/nowhere")).get(0)).isEqualTo(ReasonCode.REASON_NO_ROUTE);
    }

    @Test
    void shouldRoundTripBundlesThroughSnapshotsAndReplayDeterministically() throws Exception {
        apply(push(v1Bytes));
        apply(TestBundles.promote(T0, 1, ""));
        apply(push(v2Bytes));
        apply(TestBundles.shadow(T0, 2));
        ByteArrayOutputStream snap = new ByteArrayOutputStream();
        state.writeSnapshot(snap, 1);

        try (BulwarkState restored = BulwarkState.open(config(), fx.settings(4));
             BulwarkState replayed = BulwarkState.open(config(), fx.settings(4))) {
            assertThat(restored.loadSnapshot(new ByteArrayInputStream(snap.toByteArray()))).isEqualTo(index);
            assertThat(restored.digest()).isEqualTo(state.digest());
            assertThat(restored.listBundleVersions(50).build()).isEqualTo(state.listBundleVersions(50).build());
            assertThat(restored.activeBundleVersion()).isEqualTo(1);
            assertThat(restored.bundleStatus().getShadow().getVersion()).isEqualTo(2);

            long i = 0;
            for (CommandBatch b : log) {
                replayed.apply(++i, b);
            }
            assertThat(replayed.digest()).isEqualTo(state.digest());
            // Derived state is rebuilt on load: the restored node checks with the active version.
            String token = fx.token("u1", "jti-5", List.of("reader"), T0, false);
            CheckInput in = new CheckInput().reset();
            in.bearerToken = token;
            in.method = "GET";
            in.path = "/orders/1";
            CheckOutcome out = new CheckOutcome();
            restored.check(in, T0 + 1000, out);
            assertThat(out.decision).isEqualTo(Decision.DECISION_ALLOW);
            assertThat(out.bundleVersion).isEqualTo("1");
        }
        apply(TestBundles.promote(T0, 2, ""));
        try (BulwarkState other = BulwarkState.open(config(), fx.settings(4))) {
            other.loadSnapshot(new ByteArrayInputStream(snap.toByteArray()));
            assertThat(other.digest()).isNotEqualTo(state.digest());
        }
    }

    @Test
    void shouldAnswerARetriedActivationWithItsOriginalIndexAndTheCurrentVersions() {
        apply(push(v1Bytes));
        Command promote = TestBundles.promote(T0, 1, "").toBuilder()
                .setHeader(TestBundles.header(T0).toBuilder().setRequestId("promote-1")).build();
        CommandResult first = apply(promote);
        apply(push(v2Bytes));
        apply(TestBundles.shadow(T0, 2));
        CommandResult retry = apply(promote);

        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getAppliedIndex()).isEqualTo(first.getAppliedIndex());
        assertThat(retry.getActiveBundle().getVersion()).isEqualTo(1);
        assertThat(retry.getShadowBundle().getVersion()).isEqualTo(2);
        assertThat(state.listBundleVersions(50).getHistoryList()).hasSize(4);
    }

    @Test
    void shouldApplyRulesToSessionsWithTheSubjectOnly() {
        apply(push(v1Bytes));
        apply(TestBundles.promote(T0, 1, ""));
        apply(Command.newBuilder().setHeader(TestBundles.header(T0)).setCreateSession(io.bulwark.replication.v1.CreateSession
                .newBuilder().setSessionHash(ByteString.copyFrom(io.bulwark.state.validate.Hashes.sessionHash("session-0123456789")))
                .setSubject("u9").setTtlMs(3_600_000).setExpiresAtMs(T0 + 3_600_000)).build());
        CheckInput in = new CheckInput().reset();
        in.sessionId = "session-0123456789";
        CheckOutcome out = new CheckOutcome();
        state.check(in, T0 + 1000, out);
        assertThat(out.decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(reasons(out)).containsExactly(ReasonCode.REASON_SESSION_ACTIVE);

        in.method = "GET";
        in.path = "/health";
        state.check(in, T0 + 1000, out);
        assertThat(out.decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(out.subject).isEqualTo("u9");
        assertThat(reasons(out)).containsExactly(ReasonCode.REASON_POLICY_ALLOW, ReasonCode.REASON_SESSION_ACTIVE);
        in.path = "/orders/1";
        state.check(in, T0 + 1000, out);
        assertThat(out.decision).as("no roles: the route's permission is missing").isEqualTo(Decision.DECISION_DENY);
        assertThat(out.rule).isEqualTo("default");
    }
}
