package io.bulwark.state.snapshot;

import java.nio.charset.StandardCharsets;

/** Constants of the snapshot file format shared by writer and reader. */
final class SnapshotFormat {
    static final byte[] MAGIC = "BWSNAP01".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    /** Largest length-delimited message accepted on load (a header or record is far smaller). */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    static final int BUFFER_BYTES = 1 << 16;

    private SnapshotFormat() {
    }
}
