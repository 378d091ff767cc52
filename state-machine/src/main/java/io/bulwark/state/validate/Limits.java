package io.bulwark.state.validate;

/**
 * Every input bound of the replicated command set, public so the node's edge validation and the
 * SDK can quote the same numbers. Changing one changes the deterministic state transition: all
 * replicas of a cluster must run the same values.
 */
public final class Limits {
    /** Length of every stored key hash (SHA-256). */
    public static final int HASH_BYTES = 32;
    /** Longest subject, in UTF-8 bytes. */
    public static final int MAX_SUBJECT_BYTES = 256;
    /** Longest token issuer ({@code iss}), in UTF-8 bytes. */
    public static final int MAX_ISSUER_BYTES = 512;
    /** Longest token id ({@code jti}), in UTF-8 bytes. */
    public static final int MAX_TOKEN_ID_BYTES = 256;
    /** Longest API key id, in UTF-8 bytes. */
    public static final int MAX_API_KEY_ID_BYTES = 128;
    /** Longest idempotency key, in characters of {@code [A-Za-z0-9._:-]}. */
    public static final int MAX_REQUEST_ID_CHARS = 64;
    /** Longest actor name carried in a command header, in UTF-8 bytes. */
    public static final int MAX_ACTOR_BYTES = 256;
    /** Longest session ttl and longest time a session expiry may lie ahead of the proposer's clock: 400 days. */
    public static final long MAX_SESSION_TTL_MS = 400L * 24 * 3600 * 1000;
    /** Longest time a revocation or subject cut-off may be retained ahead of the proposer's clock: 5 years. */
    public static final long MAX_REVOCATION_RETENTION_MS = 5L * 366 * 24 * 3600 * 1000;
    /** Clock skew tolerated between a token's issuer and this cluster (issued-at in the future). */
    public static final long TOKEN_CLOCK_SKEW_MS = 60_000;
    /** Longest time a caller may cache a check answer. */
    public static final long MAX_CHECK_CACHE_TTL_MS = 1_000;
    /** Default and largest page of {@code listSessions}. */
    public static final int DEFAULT_LIST_LIMIT = 100;
    public static final int MAX_LIST_LIMIT = 1_000;
    /** Largest signed bundle envelope a push may carry, in bytes (1 MiB); it travels as one Raft entry. */
    public static final int MAX_BUNDLE_BYTES = 1 << 20;
    /** Activation events kept in the bundle history; older ones are dropped as new ones arrive. */
    public static final int MAX_BUNDLE_HISTORY = 1_000;

    private Limits() {
    }
}
