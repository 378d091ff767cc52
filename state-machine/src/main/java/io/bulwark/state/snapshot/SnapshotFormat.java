package io.bulwark.state.snapshot;

import java.nio.charset.StandardCharsets;

/** Constants of the snapshot file format shared by writer and reader. */
final class SnapshotFormat {
    static final byte[] MAGIC = "BWSNAP01".getBytes(StandardCharsets.US_ASCII);
    /**
     * 3: off-heap rows in Chronicle's iteration order, {@link StateDigest} in the trailer. Written
     * since the sort of versions 1 and 2 cost heap in proportion to a table's rows.
     */
    static final int FORMAT_VERSION = 3;
    /** 2: every table in ascending key order, bundle tables included, {@link LegacyStateDigest}. Still loads. */
    static final int FORMAT_VERSION_SORTED = 2;
    /** 1: as 2 without the bundle tables. Still loads. */
    static final int FORMAT_VERSION_SORTED_WITHOUT_BUNDLES = 1;
    /** Largest length-delimited message accepted on load: a bundle version row carries up to 1 MiB of bundle. */
    static final int MAX_MESSAGE_BYTES = 2 << 20;
    static final int BUFFER_BYTES = 1 << 16;

    private SnapshotFormat() {
    }
}
