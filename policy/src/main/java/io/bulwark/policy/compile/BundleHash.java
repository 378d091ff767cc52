package io.bulwark.policy.compile;

import com.google.protobuf.CodedOutputStream;
import io.bulwark.policy.v1.CompiledBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Canonical bytes and content hash of a compiled bundle. Deterministic serialization matters for
 * the map fields (test headers): without it, map entry order is not specified.
 */
public final class BundleHash {
    /** Prefix of every content hash string. */
    public static final String PREFIX = "sha256:";

    private BundleHash() {
    }

    /** The canonical serialization of {@code bundle}. */
    public static byte[] canonicalBytes(CompiledBundle bundle) {
        byte[] out = new byte[bundle.getSerializedSize()];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        cos.useDeterministicSerialization();
        try {
            bundle.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code sha256:<lower-case hex>} of {@code bytes}. */
    public static String contentHash(byte[] bytes) {
        return PREFIX + HexFormat.of().formatHex(sha256(bytes));
    }

    /** Raw SHA-256. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
