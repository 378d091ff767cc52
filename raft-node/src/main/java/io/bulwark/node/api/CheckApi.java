package io.bulwark.node.api;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.node.config.StaleMode;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import io.grpc.stub.StreamObserver;

import java.time.Clock;

/**
 * CheckService, the hot path. The credential is a session id, verified token claims, or a bearer
 * JWT the node verifies against the active bundle's issuers; with {@code RequestAttributes}
 * method and path, the active bundle's rules decide too (see {@code PolicyCheck}). A LOCAL check runs inline on the transport thread against the local
 * replica with a per-thread reused input and outcome; only the response message is allocated.
 * A node past its max staleness refuses (UNAVAILABLE STALE_REPLICA) or, in fail-closed mode,
 * answers DENY with REASON_STALE_REPLICA.
 */
public final class CheckApi extends CheckServiceGrpc.CheckServiceImplBase {

    /** Per-thread scratch: transport threads are few and long-lived. */
    private static final class Scratch {
        final CheckInput input = new CheckInput();
        final CheckOutcome outcome = new CheckOutcome();
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final BulwarkState state;
    private final ReadCoordinator reads;
    private final StaleMode staleMode;
    private final Clock clock;
    private final String nodeId;

    CheckApi(BulwarkState state, ReadCoordinator reads, StaleMode staleMode, Clock clock, String nodeId) {
        this.state = state;
        this.reads = reads;
        this.staleMode = staleMode;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> observer) {
        try {
            if (request.getCredentialCase() == CheckRequest.CredentialCase.TOKEN) {
                EdgeCommands.checkClaims(request.getToken());
            }
            final Consistency consistency = ReadCoordinator.consistencyOf(request.getRead());
            if (consistency == Consistency.CONSISTENCY_LOCAL) {
                if (!reads.isLocalFresh()) {
                    if (staleMode == StaleMode.FAIL_CLOSED) {
                        Replies.send(observer, CheckResponse.newBuilder()
                                .setDecision(Decision.DECISION_DENY)
                                .addReasons(ReasonCode.REASON_STALE_REPLICA)
                                .setAppliedIndex(state.lastAppliedIndex())
                                .setNodeId(nodeId)
                                .build());
                        return;
                    }
                    throw reads.staleError();
                }
                Replies.send(observer, evaluate(request));
                return;
            }
            Replies.when(reads.read(request.getRead(), () -> evaluate(request)), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    private CheckResponse evaluate(CheckRequest request) {
        final CheckResponse.Builder response = CheckResponse.newBuilder().setNodeId(nodeId);
        if (request.getCredentialCase() == CheckRequest.CredentialCase.CREDENTIAL_NOT_SET) {
            return response.setDecision(Decision.DECISION_DENY)
                    .addReasons(ReasonCode.REASON_NO_CREDENTIAL)
                    .setAppliedIndex(state.lastAppliedIndex())
                    .build();
        }
        final Scratch s = SCRATCH.get();
        final CheckInput in = s.input.reset();
        if (request.getCredentialCase() == CheckRequest.CredentialCase.SESSION_ID) {
            in.sessionId = request.getSessionId();
        } else if (request.getCredentialCase() == CheckRequest.CredentialCase.BEARER_TOKEN) {
            in.bearerToken = request.getBearerToken();
        } else {
            final TokenClaims t = request.getToken();
            in.issuer = t.getIssuer();
            in.tokenId = t.getTokenId();
            in.subject = t.getSubject();
            in.issuedAtMs = t.getIssuedAtMs();
            in.expiresAtMs = t.getExpiresAtMs();
            in.tokenSessionId = t.getSessionId().isEmpty() ? null : t.getSessionId();
        }
        if (request.hasRequest()) {
            final RequestAttributes attrs = request.getRequest();
            in.method = attrs.getMethod();
            in.path = attrs.getPath();
            in.sourceIp = attrs.getSourceIp();
            in.tenant = attrs.getTenant();
            in.headers = attrs.getHeadersMap();
        }
        final CheckOutcome out = s.outcome.reset();
        state.check(in, clock.millis(), out);
        response.setDecision(out.decision)
                .setAppliedIndex(out.appliedIndex)
                .setCacheTtlMs(out.cacheTtlMs);
        for (int i = 0; i < out.reasonCount; i++) {
            response.addReasons(out.reasons[i]);
        }
        if (out.subject != null) {
            response.setSubject(out.subject);
        }
        if (out.bundleVersion != null) {
            response.setBundleVersion(out.bundleVersion);
        }
        if (out.rule != null) {
            response.setRule(out.rule);
        }
        if (out.challenge != null) {
            response.setChallenge(out.challenge);
        }
        in.reset();
        return response.build();
    }
}
