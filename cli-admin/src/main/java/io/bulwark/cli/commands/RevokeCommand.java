package io.bulwark.cli.commands;

import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.ReasonOption;
import io.bulwark.cli.options.SessionSelectorOptions;
import io.bulwark.cli.options.WriteOptionsMixin;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.Selectors;
import io.bulwark.client.WriteReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;

/** {@code bulwark revoke token|session|subject|api-key}: put a credential on the revocation list. */
@Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Revokes a token, a session, every credential of a subject, or an API key.",
    subcommands = {RevokeCommand.Token.class, RevokeCommand.Session.class, RevokeCommand.Subject.class,
        RevokeCommand.ApiKey.class},
    footer = {"%nExamples:",
        "  bulwark revoke token --issuer https://id.example.com --token-id 8f14e45f --expires-at 1h",
        "  bulwark revoke subject --subject alice --reason compromised"})
public final class RevokeCommand extends GroupCommand {

    /** A revocation: target from the subclass, reason, expiry and request id shared. */
    abstract static class RevokeVerb extends ClientCommand {
        @Mixin
        ReasonOption reason;

        @Mixin
        WriteOptionsMixin write;

        private RevokeRequest request;
        private String described;

        RevokeVerb(final CliContext ctx) {
            super(ctx);
        }

        /** The target; may read secrets. */
        abstract RevocationTarget target();

        /** How the target is printed (no secrets). */
        abstract String describe(RevocationTarget target);

        /** Epoch ms for {@code expires_at_ms}; 0 = server retention. */
        long expiresAtMs() {
            return 0;
        }

        /** Epoch ms for {@code not_before_ms}; 0 = now. */
        long notBeforeMs() {
            return 0;
        }

        @Override
        protected final void prepare() {
            final RevocationTarget target = target();
            described = describe(target);
            request = RevokeRequest.newBuilder().setTarget(target).setReason(reason.toProto())
                .setExpiresAtMs(expiresAtMs()).setNotBeforeMs(notBeforeMs()).setWrite(write.toProto(commandLine())).build();
        }

        @Override
        protected final int run(final BulwarkClient client, final Printer out) {
            final WriteReceipt<RevokeResponse> r = client.revoke(request);
            out.print(r.response(), t -> {
                t.kv("revoked", described);
                SessionCommand.receipt(t, r);
            });
            return 0;
        }
    }

    /** A revocation whose record may be purged at a given time (all targets but subjects). */
    abstract static class ExpiringRevokeVerb extends RevokeVerb {
        @Option(names = "--expires-at", paramLabel = "<time>",
            description = "When the revocation may be purged, e.g. the credential's own expiry (ISO-8601, epoch ms, "
                + "or from now like 1h). Default: the server's revocation retention.")
        Instant expiresAt;

        ExpiringRevokeVerb(final CliContext ctx) {
            super(ctx);
        }

        @Override
        final long expiresAtMs() {
            return ms(expiresAt);
        }
    }

    static long ms(final Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    /** {@code revoke token}. */
    @Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Revokes one token, named by its issuer (iss) and token id (jti).",
        footer = {"%nExamples:", "  bulwark revoke token --issuer https://id.example.com --token-id 8f14e45f",
            "  bulwark revoke token --issuer https://id.example.com --token-id 8f14e45f \\",
            "      --expires-at 2026-12-01T00:00:00Z --reason compromised"})
    public static final class Token extends ExpiringRevokeVerb {
        @Option(names = "--issuer", required = true, paramLabel = "<iss>", description = "The token's issuer.")
        String issuer;

        @Option(names = "--token-id", required = true, paramLabel = "<jti>", description = "The token's id.")
        String tokenId;


        /** Injected by the CLI factory. */
        public Token(final CliContext ctx) {
            super(ctx);
        }

        @Override
        RevocationTarget target() {
            return Selectors.token(issuer, tokenId);
        }

        @Override
        String describe(final RevocationTarget t) {
            return "token iss=" + issuer + " jti=" + tokenId;
        }
    }

    /** {@code revoke session}. */
    @Command(name = "session", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Puts a session on the revocation list (its tokens carrying it as sid are "
        + "revoked too).",
        footer = {"%nExamples:", "  bulwark revoke session --session-id - < sid.txt",
            "  bulwark revoke session --session-ref 3f2a...e9 --reason compromised"})
    public static final class Session extends ExpiringRevokeVerb {
        @Mixin
        SessionSelectorOptions session;


        /** Injected by the CLI factory. */
        public Session(final CliContext ctx) {
            super(ctx);
        }

        @Override
        RevocationTarget target() {
            return Selectors.session(session.resolve(ctx, commandLine()));
        }

        @Override
        String describe(final RevocationTarget t) {
            return "session " + Refs.of(t.getSession());
        }
    }

    /** {@code revoke subject}. */
    @Command(name = "subject", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Revokes every credential of a subject issued before a cut-off.",
        "A later cut-off replaces an earlier one; an earlier one never moves it back."},
        footer = {"%nExamples:", "  bulwark revoke subject --subject alice --reason compromised",
            "  bulwark revoke subject --subject alice --not-before -10m"})
    public static final class Subject extends RevokeVerb {
        @Option(names = "--subject", required = true, paramLabel = "<subject>", description = "Whose credentials.")
        String subject;

        @Option(names = "--not-before", paramLabel = "<time>",
            description = "The cut-off: credentials issued before it are revoked (ISO-8601, epoch ms, or relative like "
                + "-10m). Default: now.")
        Instant notBefore;

        /** Injected by the CLI factory. */
        public Subject(final CliContext ctx) {
            super(ctx);
        }

        @Override
        RevocationTarget target() {
            return Selectors.subject(subject);
        }

        @Override
        String describe(final RevocationTarget t) {
            return "subject " + subject + " issued before " + (notBefore == null ? "now" : Printer.time(notBefore.toEpochMilli()));
        }

        @Override
        long notBeforeMs() {
            return ms(notBefore);
        }
    }

    /** {@code revoke api-key}. */
    @Command(name = "api-key", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Revokes an API key by its public id (never the secret).",
        footer = {"%nExamples:", "  bulwark revoke api-key --api-key-id key_2x8Hq --reason rotated"})
    public static final class ApiKey extends ExpiringRevokeVerb {
        @Option(names = "--api-key-id", required = true, paramLabel = "<id>", description = "The key's public id.")
        String apiKeyId;


        /** Injected by the CLI factory. */
        public ApiKey(final CliContext ctx) {
            super(ctx);
        }

        @Override
        RevocationTarget target() {
            return Selectors.apiKey(apiKeyId);
        }

        @Override
        String describe(final RevocationTarget t) {
            return "api-key " + apiKeyId;
        }
    }
}
