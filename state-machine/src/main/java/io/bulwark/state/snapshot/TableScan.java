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
        OffHeapTable.Row[] rows = table.sortedRows();
        for (OffHeapTable.Row row : rows) {
            visitor.row(row.key(), row.value(), row.value().length);
        }
        return rows.length;
    }
}
