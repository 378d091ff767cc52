package io.bulwark.policy.sign;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signed-bundle file ({@code *.bundle.json}), format {@value #FORMAT}:
 * <pre>
 * {
 *   "bundle":      base64 of the canonical CompiledBundle bytes,
 *   "contentHash": "sha256:&lt;hex of SHA-256(bundle bytes)&gt;",
 *   "format":      "bulwark.signed-bundle.v1",
 *   "metadata":    { "author": ..., "createdMs": ..., "name": ..., "parent": ... },
 *   "signature":   compact JWS with detached payload ("header..signature")
 * }
 * </pre>
 * The JWS payload (not stored) is {@link #signingInput}: canonical JSON of contentHash and the
 * metadata. Members are written in sorted order.
 */
public final class SignedBundle {
    public static final String FORMAT = "bulwark.signed-bundle.v1";

    private final byte[] bundleBytes;
    private final String contentHash;
    private final BundleMetadata metadata;
    private final String signature;

    public SignedBundle(byte[] bundleBytes, String contentHash, BundleMetadata metadata, String signature) {
        this.bundleBytes = bundleBytes.clone();
        this.contentHash = contentHash;
        this.metadata = metadata;
        this.signature = signature == null ? "" : signature;
    }

    public byte[] bundleBytes() {
        return bundleBytes.clone();
    }

    public String contentHash() {
        return contentHash;
    }

    public BundleMetadata metadata() {
        return metadata;
    }

    /** Compact JWS with detached payload, or empty when unsigned. */
    public String signature() {
        return signature;
    }

    /** The bytes the signature covers: canonical JSON of the content hash and metadata. */
    static byte[] signingInput(String contentHash, BundleMetadata m) {
        Map<String, Object> o = new TreeMap<>();
        o.put("author", m.author());
        o.put("contentHash", contentHash);
        o.put("createdMs", m.createdMs());
        o.put("format", FORMAT);
        o.put("name", m.name());
        o.put("parent", m.parent());
        return JSONObjectUtils.toJSONString(o).getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope as JSON (members sorted). */
    public String toJson() {
        Map<String, Object> meta = new TreeMap<>();
        meta.put("author", metadata.author());
        meta.put("createdMs", metadata.createdMs());
        meta.put("name", metadata.name());
        meta.put("parent", metadata.parent());
        Map<String, Object> o = new TreeMap<>();
        o.put("bundle", Base64.getEncoder().encodeToString(bundleBytes));
        o.put("contentHash", contentHash);
        o.put("format", FORMAT);
        o.put("metadata", meta);
        o.put("signature", signature);
        return JSONObjectUtils.toJSONString(o) + "\n";
    }

    /** Parses an envelope (no verification: see {@link BundleVerifier}). */
    public static SignedBundle parse(String json) throws BundleVerificationException {
        try {
            Map<String, Object> o = JSONObjectUtils.parse(json);
            String format = JSONObjectUtils.getString(o, "format");
            if (!FORMAT.equals(format)) {
                throw new BundleVerificationException(BundleRejection.UNSUPPORTED_FORMAT,
                        "expected format " + FORMAT + ", found " + format);
            }
            Map<String, Object> m = JSONObjectUtils.getJSONObject(o, "metadata");
            String bundle = JSONObjectUtils.getString(o, "bundle");
            String hash = JSONObjectUtils.getString(o, "contentHash");
            if (m == null || bundle == null || hash == null) {
                throw new BundleVerificationException(BundleRejection.MALFORMED_ENVELOPE,
                        "bundle, contentHash and metadata are required");
            }
            BundleMetadata meta = new BundleMetadata(str(m, "name"), str(m, "author"), str(m, "parent"),
                    JSONObjectUtils.getLong(m, "createdMs"));
            return new SignedBundle(Base64.getDecoder().decode(bundle), hash, meta,
                    JSONObjectUtils.getString(o, "signature"));
        } catch (ParseException | IllegalArgumentException e) {
            throw new BundleVerificationException(BundleRejection.MALFORMED_ENVELOPE, e.getMessage());
        }
    }

    private static String str(Map<String, Object> m, String key) throws ParseException {
        String s = JSONObjectUtils.getString(m, key);
        if (s == null) {
            throw new ParseException("metadata." + key + " is required", 0);
        }
        return s;
    }
}
