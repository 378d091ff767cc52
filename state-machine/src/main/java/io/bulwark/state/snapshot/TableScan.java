package io.bulwark.state.snapshot;

import io.bulwark.state.table.OffHeapTable;

/** Visits a table's rows in ascending unsigned key order (the order snapshots and digests use). */
final class TableScan {
    /** Receives one row; {@code value[0..length)} is only valid during the call. */
    interface RowVisitor {
        void row(byte[] key, byte[] value, int length) throws java.io.IOException;
    }

    private TableScan() {
    }

    /** @return rows visited */
    static long scan(OffHeapTable table, RowVisitor visitor) throws java.io.IOException {
        byte[][] keys = table.sortedKeys();
        byte[] buf = new byte[table.maxValueBytes()];
        for (byte[] key : keys) {
            int n = table.read(key, buf);
            if (n < 0) {
                throw new IllegalStateException("table " + table.name() + " changed during a scan: pause apply first");
            }
            visitor.row(key, buf, n);
        }
        return keys.length;
    }
}
