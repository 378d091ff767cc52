package io.bulwark.cli.bundle;

import com.nimbusds.jose.jwk.JWK;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.OutputOptions;
import io.bulwark.cli.output.Format;
import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.policy.sign.BundleVerificationException;
import io.bulwark.policy.sign.BundleVerifier;
import io.bulwark.policy.sign.VerifiedBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bundle verify SIGNED_FILE --trusted FILE...}: the check a node makes before it accepts a bundle, offline:
 * signature by a trusted key, bytes matching the hash, and a bundle that activates.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Verifies a signed bundle as a node would before accepting it: the envelope, the content hash of",
        "the bytes, a trusted key id, the algorithm, the signature over hash and metadata, and that the bundle",
        "activates. Prints the content hash, name, author, parent, creation time and signer key id. A refusal names",
        "its reason: MALFORMED_ENVELOPE, UNSUPPORTED_FORMAT, UNSIGNED, CONTENT_HASH_MISMATCH (bytes altered),",
        "UNTRUSTED_KEY, ALGORITHM_MISMATCH, BAD_SIGNATURE (metadata or hash altered, or another key),",
        "UNREADABLE_BUNDLE."},
    footer = {"%nIn this command: 0 = verified, 4 = refused (reason on stderr; with -o json also on stdout).",
        "%nExamples:",
        "  bulwark bundle verify orders.bundle.json --trusted examples/keys/bundle-signer.public.jwk.json",
        "  bulwark bundle verify orders.bundle.json --trusted team-a.jwks.json team-b.jwk.json -o json"})
public final class VerifyCommand extends OfflineCommand {
    @Parameters(index = "0", paramLabel = "SIGNED_FILE", description = "The signed bundle (bundle sign).")
    Path file;

    @Option(names = "--trusted", paramLabel = "JWKS_OR_JWK_FILE", arity = "1..*", required = true,
        description = "Files of trusted public keys (JWK or JWK set; private parts are ignored). Put SIGNED_FILE "
            + "before this option: it takes every following argument.")
    List<Path> trusted;

    @Mixin
    OutputOptions output;

    /** Injected by the CLI factory. */
    public VerifyCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        final List<JWK> keys = SigningKeys.readTrusted(trusted);
        final String envelope = BundleLoader.readText(file);
        final BundleVerifier verifier;
        try {
            verifier = new BundleVerifier(keys);
        } catch (final IllegalArgumentException e) {
            throw new BundleInputException(ExitCodes.USAGE, "--trusted: " + e.getMessage());
        }
        final VerifiedBundle v;
        try {
            v = verifier.verify(envelope);
        } catch (final BundleVerificationException e) {
            if (output.format() == Format.JSON) {
                ctx.out().println(new JsonObjectWriter().bool("verified", false).str("reason", e.reason().name())
                    .str("message", e.getMessage()).build());
            }
            ctx.err().println("error: " + file + ": verification failed: " + e.getMessage());
            return ExitCodes.REJECTED;
        }
        // A bundle that verifies but would not activate on a node is not deployable: say so here, not at rollout.
        BundleLoader.evaluator(file, v.bundle(), v.contentHash());
        if (output.format() == Format.JSON) {
            ctx.out().println(EnvelopeReport.json(v.contentHash(), v.metadata(), v.signerKid())
                .bool("verified", true).build());
        } else {
            EnvelopeReport.print(ctx.out(), v.contentHash(), v.metadata(), v.signerKid());
            ctx.out().println("verified:      yes");
        }
        return ExitCodes.OK;
    }
}
