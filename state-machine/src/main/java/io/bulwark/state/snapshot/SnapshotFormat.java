package io.bulwark.state.snapshot;

import java.nio.charset.StandardCharsets;

/** Constants of the snapshot file format shared by writer and reader. */
final class SnapshotFormat {
    static final byte[] MAGIC = "BWSNAP01".getBytes(StandardCharsets.US_ASCII);
    /** 2 adds the bundle tables after the off-heap ones; version 1 files (no bundles) still load. */
    static final int FORMAT_VERSION = 2;
    static final int FORMAT_VERSION_WITHOUT_BUNDLES = 1;
    /** Largest length-delimited message accepted on load: a bundle version row carries up to 1 MiB of bundle. */
    static final int MAX_MESSAGE_BYTES = 2 << 20;
    static final int BUFFER_BYTES = 1 << 16;

    private SnapshotFormat() {
    }
}
