package io.bulwark.chaos.history;

/** The kind of a history record, as in Jepsen. */
public enum OpType implements WireNamed {
    /** A client began an operation. */
    INVOKE("invoke"),
    /** The operation completed and certainly took effect (or, for a read, returned its value). */
    OK("ok"),
    /** The operation certainly did not take effect. */
    FAIL("fail"),
    /** Indeterminate: it may or may not have taken effect (timeout, lost connection). Also nemesis events. */
    INFO("info");

    private final String wireName;

    OpType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; throws on anything else, so a malformed history is never half-read. */
    public static OpType fromWire(String name) {
        return WireNamed.parse(values(), name, "op type");
    }
}
