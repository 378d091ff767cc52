package io.bulwark.state.apply;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.state.record.RequestRecord;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.record.SubjectRecord;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.table.SubjectIndex;
import io.bulwark.state.validate.CommandValidator;
import io.bulwark.state.validate.Limits;
import io.bulwark.state.validate.Violation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * PurgeExpired: removes every row of every table whose expiry is at or before {@code up_to_ms}.
 * It first collects all qualifying keys, then removes them, so the outcome is the same set
 * whatever order Chronicle iterates in. The scan copies only the keys that qualify: the leader
 * proposes a purge every few seconds, and copying every row each time would load the apply thread. Sessions leave the subject index in the same step.
 */
final class PurgeApplier {
    private final StateTables tables;

    PurgeApplier(StateTables tables) {
        this.tables = tables;
    }

    CommandResult purge(long index, long nowMs, PurgeExpired p) {
        Violation v = CommandValidator.purgeExpired(p, nowMs);
        if (v != null) {
            return Results.invalid(index, v);
        }
        long upToMs = p.getUpToMs();
        long purged = purgeSessions(upToMs);
        RevocationRecord revocation = new RevocationRecord();
        purged += purgeTable(tables.revocations(), upToMs, row -> revocation.wrap(row).expiresAtMs());
        SubjectRecord subject = new SubjectRecord();
        purged += purgeTable(tables.subjects(), upToMs, row -> subject.wrap(row).expiresAtMs());
        RequestRecord request = new RequestRecord();
        purged += purgeTable(tables.requests(), upToMs, row -> request.wrap(row).expiresAtMs());
        return Results.ok(index).setPurgedRows(purged).build();
    }

    private static long purgeTable(OffHeapTable table, long upToMs, ToLongFunction<byte[]> expiresAtMs) {
        List<byte[]> expired = table.keysWhere((row, length) -> expiresAtMs.applyAsLong(row) <= upToMs);
        for (byte[] key : expired) {
            table.remove(key);
        }
        return expired.size();
    }

    private long purgeSessions(long upToMs) {
        OffHeapTable sessions = tables.sessions();
        SessionRecord record = new SessionRecord();
        List<byte[]> expired = sessions.keysWhere((row, length) -> record.wrap(row, length).expiresAtMs() <= upToMs);
        // subject hash -> its expired sessions; each subject's index row is rewritten once.
        Map<ByteBuffer, List<byte[]>> bySubject = new HashMap<>();
        byte[] buf = new byte[SessionRecord.MAX_BYTES];
        for (byte[] key : expired) {
            byte[] subjectHash = new byte[Limits.HASH_BYTES];
            record.wrap(buf, sessions.read(key, buf)).subjectHash(subjectHash);
            bySubject.computeIfAbsent(ByteBuffer.wrap(subjectHash), k -> new ArrayList<>()).add(key);
        }
        SubjectIndex index = tables.subjectIndex();
        for (Map.Entry<ByteBuffer, List<byte[]>> e : bySubject.entrySet()) {
            for (byte[] key : e.getValue()) {
                sessions.remove(key);
            }
            index.remove(e.getKey().array(), e.getValue().toArray(new byte[0][]));
        }
        return expired.size();
    }
}
