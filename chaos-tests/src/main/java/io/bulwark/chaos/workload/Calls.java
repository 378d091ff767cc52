package io.bulwark.chaos.workload;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.GetStateDigestRequest;
import io.bulwark.api.v1.GetStateDigestResponse;
import io.bulwark.api.v1.PolicyServiceGrpc;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.RevokeSessionResponse;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.SessionState;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TokenRef;
import io.bulwark.chaos.harness.NodeChannels;
import io.bulwark.chaos.harness.Polling;
import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The recorded calls: each invokes on the recorder, calls one node's API through its raw gRPC stub
 * with a deadline (no retries, no failover: the history must say which node answered what), and
 * records the completion. Thread-safe (stateless besides its collaborators).
 *
 * <p>Outcome rules. A write the node rejected deterministically (INVALID_ARGUMENT, NOT_FOUND,
 * ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, PERMISSION_DENIED) or never sent (the node
 * is down) is {@code fail}; any other error of a write (UNAVAILABLE, DEADLINE_EXCEEDED, …) is
 * {@code info}: it may still apply. A read that errs is {@code fail}: reads change nothing. The value of
 * a failed or indeterminate completion is the gRPC status code (or {@code NODE_DOWN}), for the report.
 */
public final class Calls {
    private static final long TOKEN_LIFETIME_MS = Duration.ofDays(1).toMillis();
    private static final long TOKEN_IAT_SLACK_MS = Duration.ofHours(1).toMillis();
    private static final long SESSION_TTL_MS = Duration.ofMinutes(30).toMillis();
    private static final long PUSH_DEADLINE_MS = Duration.ofSeconds(30).toMillis();

    private final NodeChannels channels;
    private final Recorder recorder;
    private final long deadlineMs;

    /** Calls through {@code channels}, recorded by {@code recorder}, each bounded by {@code deadline}. */
    public Calls(NodeChannels channels, Recorder recorder, Duration deadline) {
        this.channels = channels;
        this.recorder = recorder;
        this.deadlineMs = deadline.toMillis();
    }

    /** CreateSession of a session credential; returns the write's token, or -1. */
    public long createSession(String process, String node, Credential c) {
        Op inv = recorder.invoke(process, Fn.CREATE_SESSION, c.ref(), null, node, Consistency.NONE, Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            return notSent(inv);
        }
        try {
            CreateSessionResponse r = SessionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .createSession(CreateSessionRequest.newBuilder().setSessionId(c.secret()).setSubject("chaos-" + c.ref())
                            .setTtlMs(SESSION_TTL_MS).build());
            long token = r.getWrite().getAppliedIndex();
            recorder.complete(inv, OpType.OK, null, token, null);
            return token;
        } catch (StatusRuntimeException e) {
            return writeError(inv, e);
        }
    }

    /** RevokeSession of a session credential, or Revoke(TokenRef) of a token; returns the token, or -1. */
    public long revoke(String process, String node, Credential c) {
        Op inv = recorder.invoke(process, Fn.REVOKE, c.ref(), null, node, Consistency.NONE, Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            return notSent(inv);
        }
        try {
            long token;
            if (c.kind() == Credential.Kind.SESSION) {
                RevokeSessionResponse r = SessionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                        .revokeSession(RevokeSessionRequest.newBuilder().setSession(selector(c))
                                .setReason(RevocationReason.REVOCATION_REASON_COMPROMISED).build());
                token = r.getWrite().getAppliedIndex();
            } else {
                RevokeResponse r = RevocationServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                        .revoke(RevokeRequest.newBuilder().setTarget(tokenTarget(c))
                                .setReason(RevocationReason.REVOCATION_REASON_COMPROMISED).build());
                token = r.getWrite().getAppliedIndex();
            }
            recorder.complete(inv, OpType.OK, null, token, null);
            return token;
        } catch (StatusRuntimeException e) {
            return writeError(inv, e);
        }
    }

    /**
     * PushBundle of a signed bundle, recorded as {@code stage-version} (invoke value = {@code name},
     * completion value = the version the cluster assigned). Returns that version, or -1.
     */
    public long pushBundle(String process, String node, String name, byte[] signedBundle) {
        Op inv = recorder.invoke(process, Fn.STAGE_VERSION, null, name, node, Consistency.NONE, Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            return notSent(inv);
        }
        try {
            // A push answers once every replica verified and compiled the bundle (docs/CLI.md: give it 60 s);
            // on a loaded 2-core box that takes seconds, so it gets longer than the common deadline.
            PushBundleResponse r = PolicyServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(Math.max(deadlineMs, PUSH_DEADLINE_MS), TimeUnit.MILLISECONDS)
                    .pushBundle(PushBundleRequest.newBuilder().setSignedBundle(ByteString.copyFrom(signedBundle)).build());
            recorder.complete(inv, OpType.OK, Long.toString(r.getVersion().getVersion()), r.getWrite().getAppliedIndex(), null);
            return r.getVersion().getVersion();
        } catch (StatusRuntimeException e) {
            return writeError(inv, e);
        }
    }

    /** SetShadow({@code version}; 0 stops shadowing), recorded as {@code shadow-version}; returns the token, or -1. */
    public long shadow(String process, String node, long version) {
        return activation(process, node, Fn.SHADOW_VERSION, version, stub -> stub.setShadow(
                SetShadowRequest.newBuilder().setVersion(version).build()));
    }

    /** PromoteBundle({@code version}), recorded as {@code activate-version}; returns its log index, or -1. */
    public long promote(String process, String node, long version) {
        return activation(process, node, Fn.ACTIVATE_VERSION, version, stub -> stub.promoteBundle(
                PromoteBundleRequest.newBuilder().setVersion(version).build()));
    }

    /**
     * RollbackBundle to the named earlier {@code version} (named, so the history knows which version the
     * activation makes active before it is acknowledged), recorded as {@code activate-version}.
     */
    public long rollback(String process, String node, long version) {
        return activation(process, node, Fn.ACTIVATE_VERSION, version, stub -> stub.rollbackBundle(
                RollbackBundleRequest.newBuilder().setToVersion(version).build()));
    }

    private long activation(String process, String node, Fn f, long version,
                            java.util.function.Function<PolicyServiceGrpc.PolicyServiceBlockingStub, BundleActivationResponse> call) {
        Op inv = recorder.invoke(process, f, null, Long.toString(version), node, Consistency.NONE, Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            return notSent(inv);
        }
        try {
            BundleActivationResponse r = call.apply(PolicyServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS));
            long token = r.getWrite().getAppliedIndex();
            recorder.complete(inv, OpType.OK, null, token, null);
            return token;
        } catch (StatusRuntimeException e) {
            return writeError(inv, e);
        }
    }

    /** Check with the credential at {@code consistency} (min index {@code minIndex} for AT_LEAST). */
    public void check(String process, String node, Credential c, Consistency consistency, long minIndex) {
        Op inv = recorder.invoke(process, Fn.CHECK, c.ref(), null, node, consistency,
                consistency == Consistency.AT_LEAST ? minIndex : Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            notSent(inv);
            return;
        }
        CheckRequest.Builder req = CheckRequest.newBuilder().setRead(readOptions(consistency, minIndex));
        if (c.kind() == Credential.Kind.SESSION) {
            req.setSessionId(c.secret());
        } else {
            req.setToken(TokenClaims.newBuilder().setIssuer(Credential.ISSUER).setTokenId(c.secret())
                    .setSubject("chaos-" + c.ref()).setIssuedAtMs(c.createdMs() - TOKEN_IAT_SLACK_MS)
                    .setExpiresAtMs(c.createdMs() + TOKEN_LIFETIME_MS));
        }
        try {
            CheckResponse r = CheckServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .check(req.build());
            String answer = r.getDecision() == Decision.DECISION_ALLOW ? Answers.ALLOW : Answers.DENY;
            recorder.complete(inv, OpType.OK, answer, r.getAppliedIndex(),
                    r.getBundleVersion().isEmpty() ? null : r.getBundleVersion());
        } catch (StatusRuntimeException e) {
            recorder.complete(inv, OpType.FAIL, e.getStatus().getCode().name(), Op.NONE, null);
            backOffIfUnavailable(e);
        }
    }

    /** GetSession at {@code consistency}: answers ABSENT, ACTIVE or REVOKED (EXPIRED if it expired). */
    public void getSession(String process, String node, Credential c, Consistency consistency, long minIndex) {
        read(process, Fn.GET_SESSION, node, c, consistency, minIndex);
    }

    /**
     * After heal: the node's state of the credential at AT_LEAST({@code minIndex}), recorded as a
     * {@code final-read} (sessions: ABSENT/ACTIVE/REVOKED; tokens: REVOKED/NOT_REVOKED).
     */
    public void finalRead(String process, String node, Credential c, long minIndex) {
        read(process, Fn.FINAL_READ, node, c, Consistency.AT_LEAST, minIndex);
    }

    private void read(String process, Fn f, String node, Credential c, Consistency consistency, long minIndex) {
        Op inv = recorder.invoke(process, f, c.ref(), null, node, consistency,
                consistency == Consistency.AT_LEAST ? minIndex : Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            notSent(inv);
            return;
        }
        try {
            if (c.kind() == Credential.Kind.SESSION) {
                try {
                    GetSessionResponse r = SessionServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                            .getSession(GetSessionRequest.newBuilder().setSession(selector(c))
                                    .setRead(readOptions(consistency, minIndex)).build());
                    recorder.complete(inv, OpType.OK, sessionState(r.getSession().getState()),
                            r.getMeta().getAppliedIndex(), null);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                    // No session row. RevokeSession of an id with no session still stores a revocation of
                    // that id, so "absent" is only the answer if the id is not revoked either; a second read
                    // at the same consistency decides. Revocation is one-way, so the pair is linearizable:
                    // "revoked" holds from the second read on, "not revoked" held at the first.
                    GetRevocationResponse r = RevocationServiceGrpc.newBlockingStub(ch)
                            .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                            .getRevocation(GetRevocationRequest.newBuilder()
                                    .setTarget(RevocationTarget.newBuilder().setSession(selector(c)))
                                    .setRead(readOptions(consistency, minIndex)).build());
                    recorder.complete(inv, OpType.OK, r.getRevoked() ? Answers.REVOKED : Answers.ABSENT,
                            r.getMeta().getAppliedIndex(), null);
                }
            } else {
                GetRevocationResponse r = RevocationServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                        .getRevocation(GetRevocationRequest.newBuilder().setTarget(tokenTarget(c))
                                .setRead(readOptions(consistency, minIndex)).build());
                recorder.complete(inv, OpType.OK, r.getRevoked() ? Answers.REVOKED : Answers.NOT_REVOKED,
                        r.getMeta().getAppliedIndex(), null);
            }
        } catch (StatusRuntimeException e) {
            recorder.complete(inv, OpType.FAIL, e.getStatus().getCode().name(), Op.NONE, null);
            backOffIfUnavailable(e);
        }
    }

    /**
     * The node's state digest and the applied index it was computed at (GetStateDigest: the node pauses
     * apply for the scan, so the two describe one state), recorded as a {@code state-digest} with the
     * digest as value and the index as token. Returns the index, or -1 if the node did not answer.
     */
    public long stateDigest(String process, String node, Duration timeout) {
        Op inv = recorder.invoke(process, Fn.STATE_DIGEST, null, null, node, Consistency.LOCAL, Op.NONE);
        ManagedChannel ch = channels.channel(node);
        if (ch == null) {
            recorder.complete(inv, OpType.FAIL, "NODE_DOWN", Op.NONE, null);
            return Op.NONE;
        }
        try {
            GetStateDigestResponse r = ClusterServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getStateDigest(GetStateDigestRequest.getDefaultInstance());
            recorder.complete(inv, OpType.OK, r.getDigest(), r.getAppliedIndex(), null);
            return r.getAppliedIndex();
        } catch (StatusRuntimeException e) {
            recorder.complete(inv, OpType.FAIL, e.getStatus().getCode().name(), Op.NONE, null);
            return Op.NONE;
        }
    }

    private static String sessionState(SessionState s) {
        return switch (s) {
            case SESSION_STATE_ACTIVE -> Answers.ACTIVE;
            case SESSION_STATE_REVOKED -> Answers.REVOKED;
            default -> s.name(); // EXPIRED or unknown: recorded as is, so a checker sees the surprise
        };
    }

    /**
     * The node is down (no published port): the call certainly did not happen. The caller backs off
     * like a real client would, so a dead node does not turn its processes into a hot loop of failures.
     */
    private long notSent(Op inv) {
        recorder.complete(inv, OpType.FAIL, "NODE_DOWN", Op.NONE, null);
        Polling.backoff();
        return Op.NONE;
    }

    private long writeError(Op inv, StatusRuntimeException e) {
        OpType type = switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED,
                 PERMISSION_DENIED -> OpType.FAIL;
            default -> OpType.INFO;
        };
        recorder.complete(inv, type, e.getStatus().getCode().name(), Op.NONE, null);
        backOffIfUnavailable(e);
        return Op.NONE;
    }

    /**
     * A node that refuses connections (killed, restarting) answers UNAVAILABLE at once; like a real
     * client, back off before the next call instead of filling the history with thousands of failures.
     */
    private static void backOffIfUnavailable(StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            Polling.backoff();
        }
    }

    private static ReadOptions readOptions(Consistency c, long minIndex) {
        ReadOptions.Builder b = ReadOptions.newBuilder();
        switch (c) {
            case LINEARIZABLE -> b.setConsistency(io.bulwark.api.v1.Consistency.CONSISTENCY_LINEARIZABLE);
            case AT_LEAST -> b.setConsistency(io.bulwark.api.v1.Consistency.CONSISTENCY_AT_LEAST)
                    .setMinIndex(Math.max(0, minIndex));
            default -> b.setConsistency(io.bulwark.api.v1.Consistency.CONSISTENCY_LOCAL);
        }
        return b.build();
    }

    private static SessionSelector selector(Credential c) {
        return SessionSelector.newBuilder().setSessionId(c.secret()).build();
    }

    private static RevocationTarget tokenTarget(Credential c) {
        return RevocationTarget.newBuilder()
                .setToken(TokenRef.newBuilder().setIssuer(Credential.ISSUER).setTokenId(c.secret())).build();
    }
}
