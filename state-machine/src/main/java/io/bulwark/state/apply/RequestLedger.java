package io.bulwark.state.apply;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.record.RequestRecord;
import io.bulwark.state.table.OffHeapTable;

/**
 * The {@code requests} table: outcomes of writes that carried a request id, so a retried write
 * is applied once. A record is honoured until its expiry (proposer time + retention); an expired
 * record not yet purged counts as absent and is overwritten.
 */
final class RequestLedger {
    private final OffHeapTable table;
    private final long retentionMs;
    private final byte[] buf = new byte[RequestRecord.BYTES];
    private final RequestRecord record = new RequestRecord();

    RequestLedger(OffHeapTable table, long retentionMs) {
        this.table = table;
        this.retentionMs = retentionMs;
    }

    /**
     * The remembered outcome of {@code requestKey}, marked duplicate, or null when the request id
     * is new (or its record expired). A different command kind under the same id is REQUEST_ID_REUSED.
     */
    CommandResult.Builder replay(long index, byte[] requestKey, int commandKind, long nowMs) {
        if (table.read(requestKey, buf) < 0) {
            return null;
        }
        record.wrap(buf);
        if (record.expiresAtMs() <= nowMs) {
            return null;
        }
        if (record.commandKind() != commandKind) {
            return Results.reject(index, ResultCode.RESULT_REQUEST_ID_REUSED,
                    "request id was used for a different kind of write at index " + record.appliedIndex()).toBuilder();
        }
        ResultCode code = ResultCode.forNumber(record.resultCode());
        CommandResult.Builder out = CommandResult.newBuilder()
                .setCode(code == null ? ResultCode.RESULT_CODE_UNSPECIFIED : code)
                .setAppliedIndex(record.appliedIndex())
                .setDuplicate(true);
        if (code != ResultCode.RESULT_OK) {
            out.setDetail("original outcome " + code + " at index " + record.appliedIndex());
        }
        return out;
    }

    /** True when {@code requestKey}'s outcome can be recorded (its row exists, or the table has room). */
    boolean canRecord(byte[] requestKey) {
        return !table.isFull() || table.contains(requestKey);
    }

    void record(byte[] requestKey, int commandKind, long index, ResultCode code, long nowMs) {
        table.put(requestKey, RequestRecord.encode(code.getNumber(), commandKind, index, nowMs + retentionMs));
    }

    OffHeapTable table() {
        return table;
    }
}
