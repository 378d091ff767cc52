package io.bulwark.policy.eval;

/** Why a policy decided as it did (machine-readable; the deciding rule names the source). */
public enum DecisionReason {
    /** A deny rule's condition held (or failed to evaluate: deny conditions fail closed). */
    RULE_DENY,
    /** The path was malformed ({@code ..}, empty segments, ...): denied before any rule. */
    MALFORMED_PATH,
    /** No route matched and no allow rule held: default deny. */
    NO_ROUTE,
    /** A route matched but none of the principal's roles grants its permission, and no allow rule held. */
    PERMISSION_MISSING,
    /** A challenge rule held on an otherwise allowed request. */
    RULE_CHALLENGE,
    /** Allowed by the matched route's permission. */
    ROUTE_PERMISSION,
    /** Allowed by a {@code public} route. */
    ROUTE_PUBLIC,
    /** Allowed by an allow rule. */
    RULE_ALLOW
}
