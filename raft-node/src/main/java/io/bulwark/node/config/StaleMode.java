package io.bulwark.node.config;

/** What a node past its max staleness does with a LOCAL read or check ({@code reads.stale.mode}). */
public enum StaleMode {
    /** Answer UNAVAILABLE with reason STALE_REPLICA, so the client can try another node (default). */
    REFUSE,
    /** Checks answer DENY with REASON_STALE_REPLICA; other reads are refused as with REFUSE. */
    FAIL_CLOSED;

    /** Parses the configuration spelling ({@code refuse} or {@code fail-closed}). */
    public static StaleMode parse(String text) {
        return switch (text.trim()) {
            case "refuse" -> REFUSE;
            case "fail-closed" -> FAIL_CLOSED;
            default -> throw new IllegalArgumentException("expected refuse or fail-closed, was '" + text + "'");
        };
    }
}
