package io.bulwark.chaos.history;

/** The read consistency an operation asked for; {@link #NONE} for writes and nemesis events. */
public enum Consistency implements WireNamed {
    /** Not a read, or not recorded. */
    NONE("none"),
    /** The answering node's applied state. */
    LOCAL("local"),
    /** At least as fresh as the op's token (min index). */
    AT_LEAST("at-least"),
    /** ReadIndex before answering: reflects every write acknowledged before the read began. */
    LINEARIZABLE("linearizable");

    private final String wireName;

    Consistency(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; throws on an unknown one. */
    public static Consistency fromWire(String name) {
        return WireNamed.parse(values(), name, "consistency");
    }

    /** Maps the public API's enum; UNSPECIFIED means LOCAL there, so it does here. */
    public static Consistency fromApi(io.bulwark.api.v1.Consistency api) {
        switch (api) {
            case CONSISTENCY_AT_LEAST:
                return AT_LEAST;
            case CONSISTENCY_LINEARIZABLE:
                return LINEARIZABLE;
            case CONSISTENCY_LOCAL:
            case CONSISTENCY_UNSPECIFIED:
                return LOCAL;
            default:
                throw new IllegalArgumentException("unknown API consistency: " + api);
        }
    }
}
