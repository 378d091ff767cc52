package io.bulwark.policy.sign;

/**
 * Who made a bundle version and from what: signed together with the content hash, so none of it
 * can be changed without breaking the signature.
 *
 * @param name      the bundle's name (from its {@code bundle} declaration)
 * @param author    who built it (e.g. an e-mail or CI identity)
 * @param parent    content hash of the version it replaces, or empty for the first
 * @param createdMs when it was signed (passed in by the caller; the library reads no clock)
 */
public record BundleMetadata(String name, String author, String parent, long createdMs) {
    public BundleMetadata {
        if (name == null || author == null || parent == null) {
            throw new IllegalArgumentException("name, author and parent must not be null (parent may be empty)");
        }
    }
}
