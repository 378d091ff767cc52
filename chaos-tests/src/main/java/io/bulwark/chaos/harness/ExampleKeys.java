package io.bulwark.chaos.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's TEST-ONLY example keys ({@code examples/keys}, see its README): every chaos
 * cluster trusts the example bundle-signing key, so the policy workload can push bundles it signs
 * in-process with the matching private key. Never used outside tests.
 */
public final class ExampleKeys {
    /** Where the public signing key is placed in every node container ({@code policy.trusted.keys}). */
    public static final String TRUSTED_KEY_IN_CONTAINER = "/etc/bulwark-keys/bundle-signer.public.jwk.json";

    private ExampleKeys() {
    }

    /**
     * The repository's {@code examples} directory: {@code -Dbulwark.chaos.examples} when set, else the
     * first {@code examples/keys} found from the working directory upwards (surefire runs in chaos-tests/).
     */
    public static Path examplesDir() {
        String configured = System.getProperty("bulwark.chaos.examples", "").trim();
        if (!configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (int up = 0; dir != null && up < 4; up++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples").resolve("keys"))) {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/keys above " + System.getProperty("user.dir")
                + "; set -Dbulwark.chaos.examples=<repo>/examples");
    }

    /** The TEST-ONLY private Ed25519 key that signs example bundles. */
    public static Path bundleSignerPrivateKey() {
        return examplesDir().resolve("keys").resolve("TEST-ONLY-bundle-signer.private.jwk.json");
    }

    /** The bytes of its public half, the key every chaos node trusts. */
    static byte[] trustedPublicKey() {
        try {
            return Files.readAllBytes(examplesDir().resolve("keys").resolve("bundle-signer.public.jwk.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
