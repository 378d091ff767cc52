package io.bulwark.chaos.history;

/** An enum spelled in history files by a wire name, parsed strictly. */
interface WireNamed {
    /** The name used in history files. */
    String wireName();

    /** The constant of {@code values} named {@code name}; throws naming {@code what} otherwise. */
    static <E extends Enum<E> & WireNamed> E parse(E[] values, String name, String what) {
        for (E e : values) {
            if (e.wireName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + ": " + name);
    }
}
