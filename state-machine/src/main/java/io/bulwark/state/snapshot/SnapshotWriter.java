package io.bulwark.state.snapshot;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.bulwark.replication.v1.SnapshotHeader;
import io.bulwark.replication.v1.SnapshotRecord;
import io.bulwark.replication.v1.SnapshotTrailer;
import io.bulwark.state.table.TableCapture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a snapshot of every replicated table (format version {@value SnapshotFormat#FORMAT_VERSION}).
 * Off-heap rows go out in Chronicle's iteration order, straight from the map through one pair of
 * scratch buffers, and are encoded straight into one {@link CodedOutputStream} (same bytes as
 * {@code SnapshotRecord.writeDelimitedTo}, without a message object per row); the
 * {@link StateDigest} is folded in the same pass. So the heap a snapshot needs does not grow with
 * the tables (beyond the rows apply changes while it runs, which the {@link StateCapture} keeps).
 * Apply goes on meanwhile: every row is read through the capture, as it was at its index.
 */
public final class SnapshotWriter {
    private SnapshotWriter() {
    }

    /** Writes the snapshot of {@code state} and returns its state digest. Does not close {@code out}. */
    static byte[] write(StateCapture state, long term, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        CheckedOutputStream checked = new CheckedOutputStream(out, crc);
        CodedOutputStream cos = CodedOutputStream.newInstance(checked, SnapshotFormat.BUFFER_BYTES);
        cos.writeRawBytes(SnapshotFormat.MAGIC);

        SnapshotHeader.Builder header = SnapshotHeader.newBuilder()
                .setFormatVersion(SnapshotFormat.FORMAT_VERSION)
                .setAppliedIndex(state.appliedIndex())
                .setTerm(term);
        for (TableCapture t : state.replicated()) {
            header.putTableRows(t.tableName(), t.rows());
        }
        for (StateCapture.HeapRows t : state.bundles()) {
            header.putTableRows(t.name(), t.rows().size());
        }
        writeDelimited(cos, header.build());

        StateDigest digest = new StateDigest();
        long records = 0;
        for (TableCapture t : state.replicated()) {
            String name = t.tableName();
            // A string field's wire bytes are its UTF-8 bytes: encoded once here, because
            // CodedOutputStream.writeString encodes (and allocates) on every call.
            byte[] nameUtf8 = name.getBytes(StandardCharsets.UTF_8);
            int nameSize = CodedOutputStream.computeByteArraySize(SnapshotRecord.TABLE_FIELD_NUMBER, nameUtf8);
            digest.beginTable(name, t.rows());
            long written = t.scan((key, value, length) -> {
                int size = nameSize
                        + CodedOutputStream.computeByteArraySize(SnapshotRecord.KEY_FIELD_NUMBER, key)
                        + CodedOutputStream.computeTagSize(SnapshotRecord.VALUE_FIELD_NUMBER)
                        + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
                cos.writeUInt32NoTag(size);
                cos.writeByteArray(SnapshotRecord.TABLE_FIELD_NUMBER, nameUtf8);
                cos.writeByteArray(SnapshotRecord.KEY_FIELD_NUMBER, key);
                cos.writeByteArray(SnapshotRecord.VALUE_FIELD_NUMBER, value, 0, length);
                digest.row(key, value, length);
            });
            digest.endTable();
            records += written;
        }
        for (StateCapture.HeapRows t : state.bundles()) {
            for (var row : t.rows()) {
                writeRecord(cos, t.name(), row.getKey(), row.getValue());
                records++;
            }
        }
        TableCapture index = state.subjectIndex();
        digest.beginTable(index.tableName(), index.rows());
        index.scan(digest::row);
        digest.endTable();
        for (StateCapture.HeapRows t : state.bundles()) {
            digest.heapTable(t.name(), t.rows());
        }
        byte[] stateDigest = digest.finish();

        cos.flush();
        SnapshotTrailer trailer = SnapshotTrailer.newBuilder()
                .setRecordCount(records)
                .setCrc32C((int) crc.getValue())
                .setStateDigest(ByteString.copyFrom(stateDigest))
                .build();
        writeDelimited(cos, trailer);
        cos.flush();
        return stateDigest;
    }

    private static void writeRecord(CodedOutputStream cos, String table, byte[] key, byte[] value) throws IOException {
        writeDelimited(cos, SnapshotRecord.newBuilder()
                .setTable(table)
                .setKey(ByteString.copyFrom(key))
                .setValue(ByteString.copyFrom(value))
                .build());
    }

    private static void writeDelimited(CodedOutputStream cos, com.google.protobuf.MessageLite m) throws IOException {
        cos.writeUInt32NoTag(m.getSerializedSize());
        m.writeTo(cos);
    }
}
