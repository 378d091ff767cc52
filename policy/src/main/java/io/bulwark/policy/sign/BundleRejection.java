package io.bulwark.policy.sign;

/** Why a signed bundle was refused. */
public enum BundleRejection {
    /** Not a JSON envelope of the expected shape (or a field has the wrong type). */
    MALFORMED_ENVELOPE,
    /** The envelope's {@code format} is not one this library reads. */
    UNSUPPORTED_FORMAT,
    /** No signature in the envelope. */
    UNSIGNED,
    /** The bundle bytes do not hash to the envelope's {@code contentHash}: they were altered. */
    CONTENT_HASH_MISMATCH,
    /** The signature's key id is missing or not among the trusted keys. */
    UNTRUSTED_KEY,
    /** The signature's algorithm cannot be used with the trusted key of that id. */
    ALGORITHM_MISMATCH,
    /** The signature does not verify over the content hash and metadata (something was altered). */
    BAD_SIGNATURE,
    /** The bytes verify but do not parse as a compiled bundle. */
    UNREADABLE_BUNDLE
}
