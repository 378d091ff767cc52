package io.bulwark.cli.bundle;

import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.policy.sign.BundleMetadata;

import java.io.PrintWriter;
import java.time.Instant;

/** The fields of a signed bundle that {@code sign} and {@code verify} print: hash, metadata, key id — no keys. */
final class EnvelopeReport {
    private EnvelopeReport() {
    }

    /** Aligned {@code key: value} lines. */
    static void print(final PrintWriter out, final String contentHash, final BundleMetadata meta, final String keyId) {
        line(out, "content_hash", contentHash);
        line(out, "bundle", meta.name());
        line(out, "author", meta.author());
        line(out, "parent", meta.parent().isEmpty() ? "-" : meta.parent());
        line(out, "created", Instant.ofEpochMilli(meta.createdMs()).toString());
        line(out, "key_id", keyId);
    }

    /** The same fields as one JSON object writer, for callers to extend. */
    static JsonObjectWriter json(final String contentHash, final BundleMetadata meta, final String keyId) {
        return new JsonObjectWriter().str("contentHash", contentHash).str("bundle", meta.name())
            .str("author", meta.author()).str("parent", meta.parent()).num("createdMs", meta.createdMs())
            .str("keyId", keyId);
    }

    private static void line(final PrintWriter out, final String key, final String value) {
        out.append(key).append(':').append(" ".repeat(14 - key.length())).append(value).println();
    }
}
