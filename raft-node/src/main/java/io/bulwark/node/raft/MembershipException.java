package io.bulwark.node.raft;

/**
 * Why a membership change was refused or did not finish. Carries a kind rather than prose so the API
 * maps it to a gRPC status without matching message text.
 */
public final class MembershipException extends RuntimeException {

    /** The refusals the API distinguishes. */
    public enum Kind {
        /** The id is a member with other addresses, or an address belongs to another member. */
        CONFLICT,
        /** The members left would include no live majority, or none at all. */
        QUORUM,
        /** Not committed before the deadline (the new member did not catch up, or no leader); it may still commit. */
        TIMEOUT
    }

    private final Kind kind;

    public MembershipException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
