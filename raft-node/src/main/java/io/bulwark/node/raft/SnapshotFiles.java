package io.bulwark.node.raft;

import io.bulwark.state.BulwarkState;
import io.bulwark.state.snapshot.StateCapture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Snapshot files on disk, laid out as Ratis' {@link SimpleStateMachineStorage} expects so the
 * leader can ship them to a lagging follower: {@code snapshot.<term>_<index>} beside an
 * {@code .md5} file. A snapshot is written to a temporary file, fsynced and renamed, so a crash
 * mid-write never leaves a file that looks complete.
 */
final class SnapshotFiles {

    private SnapshotFiles() {
    }

    /**
     * Writes the state {@code capture} holds (captured at {@code termIndex}) into {@code storage}'s
     * directory and registers it as the latest. On failure no file is left but the previous ones.
     */
    static SingleFileSnapshotInfo write(SimpleStateMachineStorage storage, StateCapture capture, TermIndex termIndex)
            throws IOException {
        if (capture.appliedIndex() != termIndex.getIndex()) {
            throw new IllegalArgumentException("capture of index " + capture.appliedIndex() + " named " + termIndex);
        }
        final File target = storage.getSnapshotFile(termIndex.getTerm(), termIndex.getIndex());
        final Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        final MessageDigest md5 = MD5Hash.getDigester();
        try (OutputStream file = Files.newOutputStream(tmp);
             OutputStream out = new BufferedOutputStream(new DigestOutputStream(file, md5), 1 << 16)) {
            capture.writeTo(out, termIndex.getTerm());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        final MD5Hash digest = new MD5Hash(md5.digest());
        MD5FileUtil.saveMD5File(target, digest);
        final SingleFileSnapshotInfo info = new SingleFileSnapshotInfo(new FileInfo(target.toPath(), digest), termIndex);
        storage.updateLatestSnapshot(info);
        return info;
    }

    /**
     * Replaces {@code state} with the snapshot {@code info} after checking its MD5.
     *
     * @return the snapshot's applied index
     */
    static long load(SingleFileSnapshotInfo info, BulwarkState state) throws IOException {
        final File file = info.getFile().getPath().toFile();
        final MD5Hash expected = info.getFile().getFileDigest() != null
                ? info.getFile().getFileDigest() : MD5FileUtil.readStoredMd5ForFile(file);
        if (expected != null) {
            // Not MD5FileUtil.computeMd5ForFile: Ratis 3.2.0 keeps the file offset in an int there and fails
            // with "Negative position" past 2 GiB, so a node at 10M sessions + 10M revocations (a 2.19 GB
            // snapshot) could write its snapshot but not restart from it (docs/PERFORMANCE.md, session 8).
            final MD5Hash actual = md5(file.toPath());
            if (!expected.equals(actual)) {
                throw new IOException("snapshot " + file + " fails its MD5 check");
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()), 1 << 16)) {
            final long index = state.loadSnapshot(in);
            if (index != info.getIndex()) {
                throw new IOException("snapshot " + file + " holds index " + index + ", its name says " + info.getIndex());
            }
            return index;
        }
    }

    /** MD5 of a file of any size, read sequentially through one 1 MiB buffer. */
    static MD5Hash md5(Path file) throws IOException {
        final MessageDigest digest = MD5Hash.getDigester();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return new MD5Hash(digest.digest());
    }
}
