package io.bulwark.state.apply;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.validate.Violation;

/** Builders of {@link CommandResult} values, so every applier words its outcomes alike. */
final class Results {
    private Results() {
    }

    static CommandResult.Builder ok(long index) {
        return CommandResult.newBuilder().setCode(ResultCode.RESULT_OK).setAppliedIndex(index);
    }

    static CommandResult reject(long index, ResultCode code, String detail) {
        return CommandResult.newBuilder().setCode(code).setDetail(detail).setAppliedIndex(index).build();
    }

    static CommandResult invalid(long index, Violation v) {
        return reject(index, ResultCode.RESULT_INVALID, v.detail());
    }

    static CommandResult tableFull(long index, OffHeapTable table) {
        return reject(index, ResultCode.RESULT_TABLE_FULL, "table " + table.name() + " is full (" + table.capacity() + " rows)");
    }
}
