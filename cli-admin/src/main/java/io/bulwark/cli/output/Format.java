package io.bulwark.cli.output;

import java.util.Locale;

/** Output formats. */
public enum Format {
    /** Aligned text for people. */
    TEXT,
    /** Protobuf JSON, one object per result per line. */
    JSON;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
