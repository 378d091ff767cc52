package io.bulwark.cli.bundle;

import com.nimbusds.jose.jwk.JWK;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.BundleSigner;
import io.bulwark.policy.sign.SignedBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code bundle sign (DIR|COMPILED_FILE) --key JWK_FILE --author NAME [--parent HASH] -o SIGNED_FILE}: builds if
 * given a directory, then signs the content hash and metadata with a private JWK. Only the key id is ever printed.
 */
@Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Signs a bundle: compiles it first if given its source directory, or takes a compiled bundle file",
        "(bundle build). The signature (a detached JWS) covers the content hash, name, author, parent and creation",
        "time. Keys: a private JWK (or a JWK set holding one key) with a kid: Ed25519 (EdDSA), P-256 (ES256) or RSA",
        "(RS256). Prints the content hash, metadata and key id; never key material."},
    footer = {"%nIn this command: 2 = unusable key (public only, no kid, unsupported type) or wrong input;",
        "4 = the bundle does not compile.",
        "%nExamples:",
        "  bulwark bundle sign examples/orders-bundle --key examples/keys/TEST-ONLY-bundle-signer.private.jwk.json \\",
        "      --author ci@example.test -o orders.bundle.json",
        "  bulwark bundle sign orders.bundle --key signer.jwk.json --author ci@example.test \\",
        "      --parent sha256:3f5a...e1 -o orders.bundle.json"})
public final class SignCommand extends OfflineCommand {
    @Parameters(index = "0", paramLabel = "DIR|COMPILED_FILE", description = "Source directory or compiled bundle.")
    Path input;

    @Option(names = "--key", paramLabel = "JWK_FILE", required = true,
        description = "The private signing key (JWK or one-key JWK set), with a kid.")
    Path keyFile;

    @Option(names = "--author", paramLabel = "NAME", required = true,
        description = "Who signs this version (a person or CI identity), recorded in the signed metadata.")
    String author;

    @Option(names = "--parent", paramLabel = "HASH", defaultValue = "",
        description = "Content hash (sha256:<hex>) of the version this one replaces; omit for the first version.")
    String parent;

    @Mixin
    OutFileOption out;

    /** Injected by the CLI factory. */
    public SignCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        if (author.isBlank()) {
            throw new BundleInputException(ExitCodes.USAGE, "--author must not be blank");
        }
        if (!parent.isEmpty() && !ContentHashFormat.valid(parent)) {
            throw new BundleInputException(ExitCodes.USAGE, "--parent must be a content hash, sha256: and 64 "
                + "lower-case hex digits");
        }
        // Read the key before compiling, so a wrong key fails fast.
        final JWK key = SigningKeys.readPrivate(keyFile);
        final LoadedBundle b = BundleLoader.load(input, ctx.err());
        if (b.kind() == LoadedBundle.Kind.SIGNED) {
            throw new BundleInputException(ExitCodes.USAGE, input + ": already a signed bundle; sign its source "
                + "directory or compiled file");
        }
        final BundleMetadata meta = new BundleMetadata(b.bundle().getMeta().getName(), author, parent,
            ctx.clock().millis());
        final SignedBundle signed;
        try {
            signed = BundleSigner.sign(b.canonicalBytes(), meta, key);
        } catch (final IllegalArgumentException e) {
            // BundleSigner's messages name the key id and the problem, never key material.
            throw new BundleInputException(ExitCodes.USAGE, keyFile + ": " + e.getMessage());
        }
        BundleLoader.writeAtomically(out.file, signed.toJson().getBytes(StandardCharsets.UTF_8));
        EnvelopeReport.print(ctx.out(), signed.contentHash(), meta, key.getKeyID());
        ctx.err().println("wrote " + out.file);
        return ExitCodes.OK;
    }
}
