package io.bulwark.cli.bundle;

import com.nimbusds.jose.jwk.JWK;
import io.bulwark.cli.ExitCodes;
import io.bulwark.policy.sign.KeyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Key files for {@code sign} and {@code verify}, read through the policy library's {@link KeyFiles} with its errors
 * mapped to exit codes. Messages name files and key ids only.
 */
final class SigningKeys {
    private SigningKeys() {
    }

    /** The one private signing key in {@code file}. */
    static JWK readPrivate(final Path file) {
        requireFile(file);
        try {
            return KeyFiles.readSigningKey(file);
        } catch (final IOException e) {
            throw new BundleInputException(ExitCodes.USAGE, message(file, e));
        }
    }

    /** The public halves of every key in {@code files}; at least one. */
    static List<JWK> readTrusted(final List<Path> files) {
        files.forEach(SigningKeys::requireFile);
        final List<JWK> keys;
        try {
            keys = KeyFiles.readTrustedKeys(files);
        } catch (final IOException e) {
            throw new BundleInputException(ExitCodes.USAGE, message(files.get(0), e));
        }
        if (keys.isEmpty()) {
            throw new BundleInputException(ExitCodes.USAGE, "the --trusted files hold no keys");
        }
        return keys;
    }

    private static void requireFile(final Path file) {
        if (!Files.exists(file)) {
            throw new BundleInputException(ExitCodes.NOT_FOUND, file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BundleInputException(ExitCodes.USAGE, file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new BundleInputException(ExitCodes.ERROR, file + ": permission denied");
        }
    }

    private static String message(final Path file, final IOException e) {
        // KeyFiles' messages start with the file name; a bare I/O error may not.
        final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.startsWith(file.toString()) ? m : file + ": " + m;
    }
}
