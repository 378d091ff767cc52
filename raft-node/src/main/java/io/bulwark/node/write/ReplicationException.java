package io.bulwark.node.write;

/**
 * Why a write (or a linearizable read) could not be replicated. Carries a kind rather than prose so
 * the API layer maps it to a gRPC status without matching message text.
 */
public final class ReplicationException extends RuntimeException {

    /** The failure classes the API distinguishes. */
    public enum Kind {
        /** No leader reachable, or retries exhausted while leadership moved: retry with the same request id. */
        NO_LEADER,
        /** Not applied within the configured timeout; it may still be applied later. */
        TIMEOUT,
        /** This node is starting, shutting down, or its write queue is full. */
        NOT_READY,
        /** The leader rejected the batch before logging it (edge and leader validation disagree). */
        REJECTED,
        /** Anything else: a bug or a broken replica. */
        INTERNAL
    }

    private final Kind kind;

    public ReplicationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ReplicationException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
