package io.bulwark.state.check;

import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.policy.eval.DecisionReason;
import io.bulwark.policy.eval.PolicyDecision;
import io.bulwark.policy.eval.PolicyRequest;
import io.bulwark.policy.eval.Principal;
import io.bulwark.policy.jwt.TokenFailure;
import io.bulwark.policy.jwt.TokenVerification;
import io.bulwark.policy.jwt.VerifiedToken;
import io.bulwark.state.bundle.LoadedBundle;
import io.bulwark.state.bundle.PolicyRuntime;
import io.bulwark.state.validate.Limits;

import java.util.List;
import java.util.Map;

/**
 * The complete check: credential → revocation and session state → the active bundle's rules.
 * <ol>
 *   <li>A bearer JWT is verified with the active version's {@code TokenVerifier} (verified tokens
 *       are cached by hash until expiry). No active bundle: DENY {@code REASON_NO_ACTIVE_BUNDLE}.
 *       A failure: DENY with its specific reason, then {@code REASON_TOKEN_INVALID}. A verified
 *       token continues as token claims: issuer = {@code iss}, token id = {@code jti} (or, without
 *       one, the token's ref), its {@code sid}, expiry = {@code exp} + the issuer's leeway.</li>
 *   <li>{@link CheckEvaluator} judges revocation and session state on every check.</li>
 *   <li>When the credential is admitted, a bundle is active and the request carries a method and a
 *       path, the rules decide: ALLOW ({@code REASON_POLICY_ALLOW}), DENY ({@code
 *       REASON_POLICY_DENY}, {@code REASON_NO_ROUTE} or {@code REASON_MALFORMED_PATH}) or CHALLENGE
 *       ({@code REASON_POLICY_CHALLENGE} with the step); the credential's reason follows. Without a
 *       method and path, or without an active bundle, the credential decides alone (as before
 *       bundles existed). When a version is shadowed, it evaluates the same request and principal
 *       and flips are counted, never answered.</li>
 * </ol>
 * Every answer names the active version when one exists. Thread-safe; per-thread request and
 * decision holders; one volatile read of the active pair per check.
 */
public final class PolicyCheck {
    private static final ReasonCode[] TOKEN_REASONS = new ReasonCode[TokenFailure.values().length];

    static {
        for (TokenFailure f : TokenFailure.values()) {
            TOKEN_REASONS[f.ordinal()] = switch (f) {
                case MALFORMED -> ReasonCode.REASON_TOKEN_MALFORMED;
                case ALG_NONE -> ReasonCode.REASON_TOKEN_ALG_NONE;
                case ALGORITHM_NOT_ALLOWED -> ReasonCode.REASON_TOKEN_ALGORITHM_NOT_ALLOWED;
                case UNKNOWN_ISSUER -> ReasonCode.REASON_TOKEN_UNKNOWN_ISSUER;
                case MISSING_KID -> ReasonCode.REASON_TOKEN_MISSING_KID;
                case UNKNOWN_KID -> ReasonCode.REASON_TOKEN_UNKNOWN_KID;
                case KEY_ALGORITHM_MISMATCH -> ReasonCode.REASON_TOKEN_KEY_MISMATCH;
                case BAD_SIGNATURE -> ReasonCode.REASON_TOKEN_BAD_SIGNATURE;
                case MISSING_EXPIRY -> ReasonCode.REASON_TOKEN_MISSING_EXPIRY;
                case EXPIRED -> ReasonCode.REASON_TOKEN_EXPIRED;
                case NOT_YET_VALID -> ReasonCode.REASON_TOKEN_NOT_YET_VALID;
                case WRONG_AUDIENCE -> ReasonCode.REASON_TOKEN_WRONG_AUDIENCE;
            };
        }
    }

    private final CheckEvaluator credentials;
    private final PolicyRuntime runtime;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public PolicyCheck(CheckEvaluator credentials, PolicyRuntime runtime) {
        this.credentials = credentials;
        this.runtime = runtime;
    }

    /** The specific check reason for a token failure. */
    public static ReasonCode reasonOf(TokenFailure failure) {
        return TOKEN_REASONS[failure.ordinal()];
    }

    /**
     * Writes the decision for {@code in} at {@code nowMs} into {@code out} (reset first). May fill
     * {@code in}'s claims.
     *
     * <p>{@code appliedIndex} must be read before this call. The apply thread publishes a new policy
     * pair before it moves the applied index to the activation's entry, so the pair read here may be
     * newer than {@code appliedIndex}; the answer then reports the pair's own index
     * ({@link PolicyRuntime.Current#publishedAtIndex()}), which every table already reflects. Either
     * way the version and applied index an answer reports agree with the log (the chaos suite's
     * policy-version checker holds answers to exactly that).
     */
    public void evaluate(CheckInput in, long nowMs, long appliedIndex, CheckOutcome out) {
        final PolicyRuntime.Current p = runtime.current();
        final long answeredIndex = Math.max(appliedIndex, p.publishedAtIndex());
        final LoadedBundle active = p.active();
        Principal principal = null;
        if (in.bearerToken != null && !in.bearerToken.isEmpty()) {
            if (active == null) {
                out.reset();
                out.appliedIndex = answeredIndex;
                deny(out, ReasonCode.REASON_NO_ACTIVE_BUNDLE);
                return;
            }
            TokenVerification tv = active.tokens().verify(in.bearerToken, nowMs);
            if (!tv.ok()) {
                out.reset();
                out.appliedIndex = answeredIndex;
                out.bundleVersion = p.activeLabel();
                deny(out, reasonOf(tv.failure()));
                out.addReason(ReasonCode.REASON_TOKEN_INVALID);
                return;
            }
            VerifiedToken vt = tv.token();
            principal = vt.principal();
            in.sessionId = null;
            in.issuer = principal.issuer();
            in.tokenId = vt.tokenId().isEmpty() ? vt.tokenRef() : vt.tokenId();
            in.subject = vt.subject();
            in.issuedAtMs = vt.issuedAtMs();
            in.expiresAtMs = vt.validUntilMs();
            Object sid = principal.claims().get("sid");
            in.tokenSessionId = sid instanceof String s && !s.isEmpty() ? s : null;
        }
        credentials.evaluate(in, nowMs, answeredIndex, out);
        if (active == null) {
            return;
        }
        out.bundleVersion = p.activeLabel();
        if (out.decision != Decision.DECISION_ALLOW || isEmpty(in.method) || isEmpty(in.path)) {
            return;
        }
        Scratch s = scratch.get();
        if (principal == null) {
            // Sessions and caller-verified claims carry a subject (and issuer) only: rules see no
            // roles or claims for them.
            boolean session = in.sessionId != null && !in.sessionId.isEmpty();
            principal = s.barePrincipal(session ? "" : in.issuer, session ? out.subject : in.subject);
        }
        PolicyRequest request = s.request.reset()
                .method(in.method)
                .path(in.path)
                .ip(in.sourceIp == null ? "" : in.sourceIp)
                .tenant(in.tenant == null ? "" : in.tenant)
                .headers(in.headers == null ? Map.of() : in.headers);
        PolicyDecision d = s.decision;
        active.policy().evaluate(principal, request, nowMs, d);
        out.rule = d.rule();
        switch (d.effect()) {
            case ALLOW -> out.prependReason(ReasonCode.REASON_POLICY_ALLOW);
            case CHALLENGE -> {
                out.decision = Decision.DECISION_CHALLENGE;
                out.challenge = d.challengeStep();
                out.prependReason(ReasonCode.REASON_POLICY_CHALLENGE);
                out.cacheTtlMs = Math.min(out.cacheTtlMs, Limits.MAX_CHECK_CACHE_TTL_MS);
            }
            default -> {
                out.decision = Decision.DECISION_DENY;
                out.prependReason(d.reason() == DecisionReason.NO_ROUTE ? ReasonCode.REASON_NO_ROUTE
                        : d.reason() == DecisionReason.MALFORMED_PATH ? ReasonCode.REASON_MALFORMED_PATH
                        : ReasonCode.REASON_POLICY_DENY);
            }
        }
        LoadedBundle shadow = p.shadow();
        if (shadow != null) {
            PolicyDecision sd = s.shadowDecision;
            shadow.policy().evaluate(principal, request, nowMs, sd);
            runtime.shadowStats().record(d.route(), d.effect(), d.challengeStep(), sd.effect(), sd.challengeStep());
        }
        request.reset();
    }

    private static void deny(CheckOutcome out, ReasonCode reason) {
        out.decision = Decision.DECISION_DENY;
        out.addReason(reason);
        out.cacheTtlMs = 0;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static final class Scratch {
        final PolicyRequest request = new PolicyRequest();
        final PolicyDecision decision = new PolicyDecision();
        final PolicyDecision shadowDecision = new PolicyDecision();
        private Principal bare = Principal.ANONYMOUS;

        /** A subject-only principal, reused while the same caller repeats (the common case per connection). */
        Principal barePrincipal(String issuer, String subject) {
            String iss = issuer == null ? "" : issuer;
            String sub = subject == null ? "" : subject;
            if (!bare.subject().equals(sub) || !bare.issuer().equals(iss)) {
                bare = Principal.of(iss, sub, List.of(), List.of(), Map.of());
            }
            return bare;
        }
    }
}
