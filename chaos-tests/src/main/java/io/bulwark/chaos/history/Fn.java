package io.bulwark.chaos.history;

/**
 * What an operation does ({@code f} in Jepsen's terms). A closed set so that a typo in a workload
 * or a history file is an error rather than an operation every checker silently ignores.
 */
public enum Fn implements WireNamed {
    /** Register write: value = the value written. */
    WRITE("write"),
    /** Register read: value (on completion) = the value read, null when unset. */
    READ("read"),
    /** Create a session: key = session ref. */
    CREATE_SESSION("create-session"),
    /** Read a session: value (on completion) = one of {@link Answers#ABSENT}, {@link Answers#ACTIVE}, {@link Answers#REVOKED}. */
    GET_SESSION("get-session"),
    /** Revoke a credential or session: key = its ref; completion token = the consistency token. */
    REVOKE("revoke"),
    /**
     * Check a credential: invoke consistency (and token = min index for AT_LEAST); completion value =
     * {@link Answers#ALLOW} or {@link Answers#DENY}, token = the answer's applied index, version = the
     * bundle version the answer reports.
     */
    CHECK("check"),
    /**
     * Stage a signed policy bundle (push): value on invoke = the bundle's name in the workload;
     * value on completion = the version the cluster assigned; token = its log index.
     */
    STAGE_VERSION("stage-version"),
    /** Shadow a staged version (0 stops shadowing): value = version; completion token = its log index. */
    SHADOW_VERSION("shadow-version"),
    /**
     * Activate a policy bundle version (promote, or roll back to a named earlier version): value =
     * version; completion token = its log index.
     */
    ACTIVATE_VERSION("activate-version"),
    /** After heal: one node's final state of one key (node, key, value = state). */
    FINAL_READ("final-read"),
    /** After heal: one node's applied index (token) and state digest (value). */
    STATE_DIGEST("state-digest"),
    /** Nemesis: a fault begins; value = fault name. */
    START("start"),
    /** Nemesis: a fault ends (heal); value = fault name. */
    STOP("stop");

    private final String wireName;

    Fn(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; throws on an unknown one. */
    public static Fn fromWire(String name) {
        return WireNamed.parse(values(), name, "f");
    }
}
