package io.bulwark.node.api;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.WriteOptions;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.TouchSession;
import io.bulwark.state.validate.CommandValidator;
import io.bulwark.state.validate.FieldRules;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Limits;
import io.bulwark.state.validate.Violation;

/**
 * Validation at the edge and translation of API requests into replicated {@link Command}s.
 *
 * <p>Raw inputs that are hashed before they reach the log (session ids, issuers, token ids, API key
 * ids) are checked here; every built command is then checked with the state machine's own
 * {@link CommandValidator}, the same code apply runs, so an accepted request is never rejected at
 * apply for a rule the edge did not know. Session ids are hashed here: no bearer secret ever enters
 * the log. Everything throws {@link ApiException} (INVALID_ARGUMENT with a reason and field).
 */
public final class EdgeCommands {

    /** Length bounds of a caller-chosen session id (see sessions.proto). */
    public static final int MIN_SESSION_ID_CHARS = 16;
    public static final int MAX_SESSION_ID_CHARS = 128;

    private final String nodeId;
    private final long sessionTtlMinMs;
    private final long sessionTtlMaxMs;
    private final long revocationRetentionMs;

    public EdgeCommands(String nodeId, long sessionTtlMinMs, long sessionTtlMaxMs, long revocationRetentionMs) {
        this.nodeId = nodeId;
        this.sessionTtlMinMs = sessionTtlMinMs;
        this.sessionTtlMaxMs = Math.min(sessionTtlMaxMs, Limits.MAX_SESSION_TTL_MS);
        this.revocationRetentionMs = Math.min(revocationRetentionMs, Limits.MAX_REVOCATION_RETENTION_MS);
    }

    /** The header every command carries; {@code nowMs} is this node's wall clock, the only time apply uses. */
    public CommandHeader header(String actor, WriteOptions write, long nowMs) {
        check(FieldRules.requestId("write.request_id", write.getRequestId()));
        final CommandHeader h = CommandHeader.newBuilder()
                .setActor(actor)
                .setProposerTimeMs(nowMs)
                .setRequestId(write.getRequestId())
                .setProposerNode(nodeId)
                .build();
        check(CommandValidator.header(h));
        return h;
    }

    /** CreateSession for an already validated (or generated) {@code sessionId}. */
    public Command createSession(CommandHeader header, String sessionId, String subject, long ttlMs) {
        check(FieldRules.subject("subject", subject));
        if (ttlMs == 0) {
            throw ApiException.invalid(ErrorReason.FIELD_MISSING, "ttl_ms", "ttl_ms is required");
        }
        check(FieldRules.durationMs("ttl_ms", ttlMs, sessionTtlMinMs, sessionTtlMaxMs));
        final CreateSession body = CreateSession.newBuilder()
                .setSessionHash(ByteString.copyFrom(Hashes.sessionHash(sessionId)))
                .setSubject(subject)
                .setTtlMs(ttlMs)
                .setExpiresAtMs(header.getProposerTimeMs() + ttlMs)
                .build();
        check(CommandValidator.createSession(body, header.getProposerTimeMs()));
        return Command.newBuilder().setHeader(header).setCreateSession(body).build();
    }

    /** A caller-chosen session id: 16-128 characters of {@code [A-Za-z0-9._~-]}. */
    public static void checkSessionId(String field, String sessionId) {
        final int n = sessionId.length();
        if (n < MIN_SESSION_ID_CHARS || n > MAX_SESSION_ID_CHARS) {
            throw ApiException.invalid(n > MAX_SESSION_ID_CHARS ? ErrorReason.FIELD_TOO_LONG : ErrorReason.FIELD_MALFORMED,
                    field, field + " must be " + MIN_SESSION_ID_CHARS + "-" + MAX_SESSION_ID_CHARS + " characters");
        }
        for (int i = 0; i < n; i++) {
            final char c = sessionId.charAt(i);
            final boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            if (!ok) {
                throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, field, field + " may hold only [A-Za-z0-9._~-]");
            }
        }
    }

    public Command touchSession(CommandHeader header, SessionSelector selector, long ttlMs) {
        if (ttlMs != 0) {
            check(FieldRules.durationMs("ttl_ms", ttlMs, sessionTtlMinMs, sessionTtlMaxMs));
        }
        final TouchSession body = TouchSession.newBuilder()
                .setSessionHash(ByteString.copyFrom(sessionHash(selector, "session")))
                .setTtlMs(ttlMs)
                .build();
        check(CommandValidator.touchSession(body));
        return Command.newBuilder().setHeader(header).setTouchSession(body).build();
    }

    /** Revoke for a RevokeSession call: the session's revocation kept for the default retention. */
    public Command revokeSession(CommandHeader header, SessionSelector selector, int reasonValue) {
        final Revoke body = Revoke.newBuilder()
                .setKind(RevocationKind.REVOCATION_KIND_SESSION)
                .setKeyHash(ByteString.copyFrom(sessionHash(selector, "session")))
                .setExpiresAtMs(header.getProposerTimeMs() + revocationRetentionMs)
                .setReasonValue(reasonValue)
                .build();
        check(CommandValidator.revoke(body, header.getProposerTimeMs()));
        return Command.newBuilder().setHeader(header).setRevoke(body).build();
    }

    public Command revoke(CommandHeader header, RevokeRequest request) {
        final long nowMs = header.getProposerTimeMs();
        final RevocationTarget target = request.getTarget();
        final Revoke.Builder body = Revoke.newBuilder()
                .setReasonValue(request.getReasonValue())
                .setKind(kindOf(target))
                .setKeyHash(ByteString.copyFrom(keyHashOf(target)));
        if (target.getTargetCase() == RevocationTarget.TargetCase.SUBJECT) {
            body.setNotBeforeMs(request.getNotBeforeMs() == 0 ? nowMs : request.getNotBeforeMs());
        }
        if (target.getTargetCase() != RevocationTarget.TargetCase.SUBJECT && request.getNotBeforeMs() != 0) {
            throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "not_before_ms", "not_before_ms applies to subject targets only");
        }
        if (request.getNotBeforeMs() < 0) {
            throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "not_before_ms", "not_before_ms must not be negative");
        }
        final long expiresAtMs;
        if (request.getExpiresAtMs() == 0) {
            expiresAtMs = nowMs + revocationRetentionMs;
        } else {
            check(FieldRules.futureExpiry("expires_at_ms", request.getExpiresAtMs(), nowMs, Limits.MAX_REVOCATION_RETENTION_MS));
            expiresAtMs = request.getExpiresAtMs();
        }
        body.setExpiresAtMs(expiresAtMs);
        check(FieldRules.revocationReason("reason", request.getReasonValue()));
        final Revoke built = body.build();
        check(CommandValidator.revoke(built, nowMs));
        return Command.newBuilder().setHeader(header).setRevoke(built).build();
    }

    /** The leader's periodic purge; {@code nowMs} is both proposer time and cut-off. */
    public Command purgeExpired(long nowMs) {
        final CommandHeader h = CommandHeader.newBuilder()
                .setActor("bulwark-node")
                .setProposerTimeMs(nowMs)
                .setProposerNode(nodeId)
                .build();
        return Command.newBuilder().setHeader(h).setPurgeExpired(PurgeExpired.newBuilder().setUpToMs(nowMs)).build();
    }

    /** The kind and key hash a read of {@code target} looks up. */
    public static RevocationKind kindOf(RevocationTarget target) {
        return switch (target.getTargetCase()) {
            case TOKEN -> RevocationKind.REVOCATION_KIND_TOKEN;
            case SESSION -> RevocationKind.REVOCATION_KIND_SESSION;
            case SUBJECT -> RevocationKind.REVOCATION_KIND_SUBJECT;
            case API_KEY_ID -> RevocationKind.REVOCATION_KIND_API_KEY;
            default -> throw ApiException.invalid(ErrorReason.FIELD_MISSING, "target", "target is required");
        };
    }

    /** Key hash of a revocation target, validated like a Revoke of it. */
    public static byte[] keyHashOf(RevocationTarget target) {
        return switch (target.getTargetCase()) {
            case TOKEN -> {
                check(FieldRules.requiredText("target.token.issuer", target.getToken().getIssuer(), Limits.MAX_ISSUER_BYTES));
                check(FieldRules.requiredText("target.token.token_id", target.getToken().getTokenId(), Limits.MAX_TOKEN_ID_BYTES));
                yield Hashes.tokenHash(target.getToken().getIssuer(), target.getToken().getTokenId());
            }
            case SESSION -> sessionHash(target.getSession(), "target.session");
            case SUBJECT -> {
                check(FieldRules.subject("target.subject", target.getSubject()));
                yield Hashes.subjectHash(target.getSubject());
            }
            case API_KEY_ID -> {
                check(FieldRules.requiredText("target.api_key_id", target.getApiKeyId(), Limits.MAX_API_KEY_ID_BYTES));
                yield Hashes.apiKeyHash(target.getApiKeyId());
            }
            default -> throw ApiException.invalid(ErrorReason.FIELD_MISSING, "target", "target is required");
        };
    }

    /** The stored hash a selector names: SHA-256 of a session id, or the decoded ref. */
    public static byte[] sessionHash(SessionSelector selector, String field) {
        switch (selector.getSelectorCase()) {
            case SESSION_ID -> {
                final String id = selector.getSessionId();
                if (id.isEmpty()) {
                    throw ApiException.invalid(ErrorReason.FIELD_MISSING, field + ".session_id", "session id is empty");
                }
                if (id.length() > MAX_SESSION_ID_CHARS) {
                    throw ApiException.invalid(ErrorReason.FIELD_TOO_LONG, field + ".session_id",
                            "session id is longer than " + MAX_SESSION_ID_CHARS + " characters");
                }
                return Hashes.sessionHash(id);
            }
            case SESSION_REF -> {
                final byte[] hash = Hashes.fromRef(selector.getSessionRef());
                if (hash == null) {
                    throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, field + ".session_ref",
                            "session ref must be 64 lowercase hex digits");
                }
                return hash;
            }
            default -> throw ApiException.invalid(ErrorReason.FIELD_MISSING, field, field + " is required");
        }
    }

    /** Token claims of a check: sizes and internal consistency (MALFORMED_TOKEN). */
    public static void checkClaims(TokenClaims claims) {
        check(FieldRules.requiredText("token.issuer", claims.getIssuer(), Limits.MAX_ISSUER_BYTES));
        check(FieldRules.requiredText("token.token_id", claims.getTokenId(), Limits.MAX_TOKEN_ID_BYTES));
        check(FieldRules.subject("token.subject", claims.getSubject()));
        if (claims.getIssuedAtMs() <= 0) {
            throw ApiException.invalid(ErrorReason.MALFORMED_TOKEN, "token.issued_at_ms", "issued_at_ms must be > 0");
        }
        if (claims.getExpiresAtMs() <= claims.getIssuedAtMs()) {
            throw ApiException.invalid(ErrorReason.MALFORMED_TOKEN, "token.expires_at_ms",
                    "expires_at_ms must be after issued_at_ms");
        }
        if (!claims.getSessionId().isEmpty() && claims.getSessionId().length() > MAX_SESSION_ID_CHARS) {
            throw ApiException.invalid(ErrorReason.FIELD_TOO_LONG, "token.session_id",
                    "session id is longer than " + MAX_SESSION_ID_CHARS + " characters");
        }
    }

    private static void check(Violation v) {
        if (v != null) {
            throw ErrorMapper.forViolation(v);
        }
    }
}
