package io.bulwark.cli.bundle;

import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.v1.CompiledBundle;

/**
 * A compiled bundle as a command received it, whatever the input was.
 *
 * @param kind           what the input was
 * @param bundle         the compiled bundle
 * @param canonicalBytes its canonical bytes (what is hashed and signed)
 * @param contentHash    {@code sha256:<hex>} of those bytes
 * @param metadata       the envelope's metadata for a signed file, else null
 */
record LoadedBundle(Kind kind, CompiledBundle bundle, byte[] canonicalBytes, String contentHash,
                    BundleMetadata metadata) {

    /** Kinds of input a bundle argument may name. */
    enum Kind {
        /** A source directory, compiled by the command. */
        DIRECTORY,
        /** A compiled bundle file ({@code bundle build}): canonical protobuf bytes. */
        COMPILED,
        /** A signed envelope ({@code bundle sign}). */
        SIGNED
    }
}
