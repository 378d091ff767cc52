package io.bulwark.state;

import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Limits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.applyOne;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.revoke;
import static io.bulwark.state.TestCommands.revokeSession;
import static org.assertj.core.api.Assertions.assertThat;

/** One state shared by the class: every test reads a fixture written once in {@link #fixture()}. */
class CheckEvaluatorTest {
    private static final long HOUR_MS = 3_600_000;
    private static final long NOW = T0 + 10_000;
    private static final String ISSUER = "https://id.example";
    private static BulwarkState state;
    private final CheckInput in = new CheckInput();
    private final CheckOutcome out = new CheckOutcome();

    @BeforeAll
    static void fixture() {
        state = BulwarkState.open(TestCommands.smallConfig());
        applyOne(state, create(T0, "live", "alice", HOUR_MS));
        applyOne(state, create(T0, "short", "alice", 5_000));
        applyOne(state, create(T0, "revoked", "alice", HOUR_MS));
        applyOne(state, revokeSession(T0 + 1, "revoked", T0 + HOUR_MS));
        applyOne(state, revokeSession(T0 + 1, "purged-or-remote", T0 + HOUR_MS));
        applyOne(state, create(T0, "old-of-mallory", "mallory", HOUR_MS));
        applyOne(state, revoke(T0 + 2, RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("mallory"), T0 + 1, T0 + HOUR_MS));
        applyOne(state, create(T0 + 3, "new-of-mallory", "mallory", HOUR_MS));
        applyOne(state, revoke(T0 + 4, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash(ISSUER, "stolen"), 0, T0 + HOUR_MS));
    }

    @AfterAll
    static void closeState() {
        state.close();
    }

    private CheckOutcome session(String id) {
        in.reset().sessionId = id;
        state.check(in, NOW, out);
        return out;
    }

    private CheckOutcome token(String tokenId, String subject, long iatMs, long expMs, String sid) {
        in.reset();
        in.issuer = ISSUER;
        in.tokenId = tokenId;
        in.subject = subject;
        in.issuedAtMs = iatMs;
        in.expiresAtMs = expMs;
        in.tokenSessionId = sid;
        state.check(in, NOW, out);
        return out;
    }

    private static void assertDecision(CheckOutcome o, Decision decision, ReasonCode reason) {
        assertThat(o.decision).isEqualTo(decision);
        assertThat(o.reasonCount).isEqualTo(1);
        assertThat(o.reasons[0]).isEqualTo(reason);
    }

    @Test
    void shouldAllowActiveSessionWithSubjectIndexAndBoundedCacheTtl() {
        CheckOutcome o = session("live");

        assertDecision(o, Decision.DECISION_ALLOW, ReasonCode.REASON_SESSION_ACTIVE);
        assertThat(o.subject).isEqualTo("alice");
        assertThat(o.appliedIndex).isEqualTo(state.lastAppliedIndex());
        assertThat(o.cacheTtlMs).isEqualTo(Limits.MAX_CHECK_CACHE_TTL_MS);
    }

    @Test
    void shouldDenyUnknownSessionWithoutCaching() {
        CheckOutcome o = session("never-created");

        assertDecision(o, Decision.DECISION_DENY, ReasonCode.REASON_SESSION_NOT_FOUND);
        assertThat(o.cacheTtlMs).isZero();
        assertThat(o.subject).isNull();
    }

    @Test
    void shouldDenyRevokedSessionByRowOrByRevocationAlone() {
        assertDecision(session("revoked"), Decision.DECISION_DENY, ReasonCode.REASON_SESSION_REVOKED);
        assertDecision(session("purged-or-remote"), Decision.DECISION_DENY, ReasonCode.REASON_SESSION_REVOKED);
    }

    @Test
    void shouldDenyExpiredSessionAtExactExpiry() {
        in.reset().sessionId = "short";
        state.check(in, T0 + 4_999, out);
        assertDecision(out, Decision.DECISION_ALLOW, ReasonCode.REASON_SESSION_ACTIVE);
        assertThat(out.cacheTtlMs).as("never past expiry").isEqualTo(1);

        state.check(in, T0 + 5_000, out);
        assertDecision(out, Decision.DECISION_DENY, ReasonCode.REASON_SESSION_EXPIRED);
    }

    @Test
    void shouldDenySessionCreatedBeforeSubjectCutOff() {
        assertDecision(session("old-of-mallory"), Decision.DECISION_DENY, ReasonCode.REASON_SUBJECT_NOT_BEFORE);
        assertDecision(session("new-of-mallory"), Decision.DECISION_ALLOW, ReasonCode.REASON_SESSION_ACTIVE);
    }

    @Test
    void shouldDenyWithoutCredential() {
        in.reset();
        state.check(in, NOW, out);
        assertDecision(out, Decision.DECISION_DENY, ReasonCode.REASON_NO_CREDENTIAL);
    }

    @Test
    void shouldAllowValidToken() {
        CheckOutcome o = token("t1", "alice", NOW - 1_000, NOW + 300, null);

        assertDecision(o, Decision.DECISION_ALLOW, ReasonCode.REASON_TOKEN_VALID);
        assertThat(o.subject).isEqualTo("alice");
        assertThat(o.cacheTtlMs).isEqualTo(300);
    }

    @Test
    void shouldDenyTokenOnEachPath() {
        assertDecision(token("t1", "alice", NOW - 1_000, NOW, null), Decision.DECISION_DENY, ReasonCode.REASON_TOKEN_EXPIRED);
        assertDecision(token("t1", "alice", NOW + Limits.TOKEN_CLOCK_SKEW_MS + 1, NOW + HOUR_MS, null),
                Decision.DECISION_DENY, ReasonCode.REASON_TOKEN_NOT_YET_VALID);
        assertDecision(token("t1", "alice", NOW + Limits.TOKEN_CLOCK_SKEW_MS, NOW + HOUR_MS, null),
                Decision.DECISION_ALLOW, ReasonCode.REASON_TOKEN_VALID);
        assertDecision(token("stolen", "alice", NOW - 1_000, NOW + HOUR_MS, null), Decision.DECISION_DENY, ReasonCode.REASON_TOKEN_REVOKED);
        assertDecision(token("t2", "mallory", T0, NOW + HOUR_MS, null), Decision.DECISION_DENY, ReasonCode.REASON_SUBJECT_NOT_BEFORE);
        assertDecision(token("t2", "mallory", T0 + 1, NOW + HOUR_MS, null), Decision.DECISION_ALLOW, ReasonCode.REASON_TOKEN_VALID);
        assertDecision(token("t3", "alice", NOW - 1, NOW + HOUR_MS, "revoked"), Decision.DECISION_DENY, ReasonCode.REASON_SESSION_REVOKED);
        assertDecision(token("t3", "alice", NOW - 1, NOW + HOUR_MS, "no-such"), Decision.DECISION_DENY, ReasonCode.REASON_SESSION_NOT_FOUND);
        assertDecision(token("t3", "alice", NOW - 1, NOW + HOUR_MS, "live"), Decision.DECISION_ALLOW, ReasonCode.REASON_TOKEN_VALID);
    }

    @Test
    void shouldAllocateNothingOnSessionHitBeyondTheSubjectString() {
        in.reset().sessionId = "live";

        long perCheck = bytesPerCheck();

        assertThat(out.decision).isEqualTo(Decision.DECISION_ALLOW);
        // A 5-char subject String costs 24 (String) + 24 (byte[]) bytes; anything more is a leak.
        assertThat(perCheck).as("bytes allocated per session-hit check").isLessThanOrEqualTo(64);
    }

    @Test
    void shouldAllocateNothingOnTokenChecks() {
        token("t9", "alice", NOW - 1_000, NOW + HOUR_MS, "live");

        long perCheck = bytesPerCheck();

        assertThat(out.decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(perCheck).as("bytes allocated per token check").isLessThanOrEqualTo(8);
    }

    /** Average bytes the current thread allocates per {@code check(in, NOW, out)}, after warm-up. */
    private long bytesPerCheck() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up: JIT, Chronicle's per-thread contexts
            state.check(in, NOW, out);
        }
        int n = 10_000;
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < n; i++) {
            state.check(in, NOW, out);
        }
        return (threads.getThreadAllocatedBytes(tid) - before) / n;
    }
}
