package io.bulwark.node.raft;

import org.apache.ratis.io.MD5Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MD5 a node checks before loading a snapshot. Ratis 3.2.0's own {@code computeMd5ForFile} fails
 * past 2 GiB ("Negative position"), which stopped a member at 10M sessions + 10M revocations (a
 * 2.19 GB snapshot) from restarting.
 */
class SnapshotFilesMd5Test {

    @Test
    void shouldDigestASmallFileLikeMessageDigest(@TempDir Path dir) throws Exception {
        final Path f = dir.resolve("small");
        final byte[] content = "snapshot bytes".getBytes(StandardCharsets.UTF_8);
        Files.write(f, content);
        assertThat(SnapshotFiles.md5(f)).isEqualTo(new MD5Hash(MessageDigest.getInstance("MD5").digest(content)));
    }

    @Test
    void shouldDigestAFileLargerThanTwoGibibytes(@TempDir Path dir) throws Exception {
        // Sparse: 2 GiB + 1 MiB + 3 bytes of zeros, then a marker the digest must include.
        final long zeros = (1L << 31) + (1 << 20) + 3;
        final byte[] tail = "end".getBytes(StandardCharsets.UTF_8);
        final Path f = dir.resolve("large");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(zeros);
            raf.write(tail);
        }
        assertThat(Files.size(f)).isGreaterThan(Integer.MAX_VALUE);
        assertThat(SnapshotFiles.md5(f)).isEqualTo(expectedZerosThen(zeros, tail));
    }

    private static MD5Hash expectedZerosThen(long zeros, byte[] tail) throws IOException {
        try {
            final MessageDigest md5 = MessageDigest.getInstance("MD5");
            final byte[] block = new byte[1 << 20];
            long left = zeros;
            while (left > 0) {
                final int n = (int) Math.min(block.length, left);
                md5.update(block, 0, n);
                left -= n;
            }
            md5.update(tail);
            return new MD5Hash(md5.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
