package io.bulwark.state.apply;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.table.SubjectIndex;
import io.bulwark.state.validate.CommandValidator;
import io.bulwark.state.validate.Limits;
import io.bulwark.state.validate.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PurgeExpired: removes every row of every table whose expiry is at or before {@code up_to_ms}
 * ({@link OffHeapTable#purgeExpired}: all qualifying keys are collected first, then removed, so the
 * outcome is the same set whatever order Chronicle iterates in). A table whose
 * {@link OffHeapTable#expiryFloor()} is after {@code up_to_ms} is not scanned at all: the leader
 * proposes a purge every few seconds, and most of them, in a store of long-lived revocations, find
 * nothing. Sessions leave the subject index in the same step.
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
        try {
            long purged = purgeSessions(upToMs);
            purged += tables.revocations().purgeExpired(upToMs, (key, value, length) -> { });
            purged += tables.subjects().purgeExpired(upToMs, (key, value, length) -> { });
            purged += tables.requests().purgeExpired(upToMs, (key, value, length) -> { });
            return Results.ok(index).setPurgedRows(purged).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the visitors here throw nothing
        }
    }

    private long purgeSessions(long upToMs) throws IOException {
        SessionRecord record = new SessionRecord();
        // subject hash -> its expired sessions; each subject's index row is rewritten once.
        Map<ByteBuffer, List<byte[]>> bySubject = new HashMap<>();
        long purged = tables.sessions().purgeExpired(upToMs, (key, value, length) -> {
            byte[] subjectHash = new byte[Limits.HASH_BYTES];
            record.wrap(value, length).subjectHash(subjectHash);
            bySubject.computeIfAbsent(ByteBuffer.wrap(subjectHash), k -> new ArrayList<>()).add(key.clone());
        });
        SubjectIndex index = tables.subjectIndex();
        for (Map.Entry<ByteBuffer, List<byte[]>> e : bySubject.entrySet()) {
            index.remove(e.getKey().array(), e.getValue().toArray(new byte[0][]));
        }
        return purged;
    }
}
