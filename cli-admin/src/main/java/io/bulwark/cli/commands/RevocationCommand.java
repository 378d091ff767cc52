package io.bulwark.cli.commands;

import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.ReadOptionsMixin;
import io.bulwark.cli.options.SessionSelectorOptions;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.Freshness;
import io.bulwark.client.Selectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;

/** {@code bulwark revocation get}: query the revocation list. */
@Command(name = "revocation", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Queries the revocation list.",
    subcommands = {RevocationCommand.Get.class},
    footer = {"%nExamples:", "  bulwark revocation get --subject alice"})
public final class RevocationCommand extends GroupCommand {

    /** {@code revocation get}. */
    @Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Tells whether a credential is revoked (exit 0 either way; see 'revoked').",
        "Name exactly one target: --issuer with --token-id, a session, --subject, or --api-key-id."},
        footer = {"%nExamples:", "  bulwark revocation get --issuer https://id.example.com --token-id 8f14e45f",
            "  bulwark revocation get --session-id - < sid.txt",
            "  bulwark revocation get --subject alice --consistency linearizable -o json",
            "  bulwark revocation get --api-key-id key_2x8Hq --min-index 1042"})
    public static final class Get extends ClientCommand {
        @Option(names = "--issuer", paramLabel = "<iss>", description = "Token target: the issuer (with --token-id).")
        String issuer;

        @Option(names = "--token-id", paramLabel = "<jti>", description = "Token target: the token id (with --issuer).")
        String tokenId;

        @Mixin
        SessionSelectorOptions session;

        @Option(names = "--subject", paramLabel = "<subject>", description = "Subject target.")
        String subject;

        @Option(names = "--api-key-id", paramLabel = "<id>", description = "API key target.")
        String apiKeyId;

        @Mixin
        ReadOptionsMixin read;

        private RevocationTarget target;
        private Freshness freshness;

        /** Injected by the CLI factory. */
        public Get(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected void prepare() {
            final boolean token = issuer != null || tokenId != null;
            final int kinds = (token ? 1 : 0) + (session.given() ? 1 : 0) + (subject != null ? 1 : 0)
                + (apiKeyId != null ? 1 : 0);
            if (kinds != 1) {
                throw new CommandLine.ParameterException(commandLine(), "name exactly one target: --issuer with "
                    + "--token-id, --session-id/--session-id-file/--session-ref, --subject, or --api-key-id");
            }
            if (token && (issuer == null || tokenId == null)) {
                throw new CommandLine.ParameterException(commandLine(), "a token target needs both --issuer and "
                    + "--token-id");
            }
            if (token) {
                target = Selectors.token(issuer, tokenId);
            } else if (session.given()) {
                target = Selectors.session(session.resolve(ctx, commandLine()));
            } else if (subject != null) {
                target = Selectors.subject(subject);
            } else {
                target = Selectors.apiKey(apiKeyId);
            }
            freshness = read.freshness(commandLine());
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final GetRevocationResponse r = client.getRevocation(target, freshness);
            out.print(r, t -> {
                t.kv("revoked", r.getRevoked());
                if (r.getRevoked()) {
                    t.kv("revoked_at", Printer.time(r.getRevokedAtMs()))
                        .kv("expires_at", Printer.time(r.getExpiresAtMs()))
                        .kv("reason", r.getReason().name().replace("REVOCATION_REASON_", "").toLowerCase(Locale.ROOT));
                }
                if (target.hasSubject()) {
                    t.kv("not_before", Printer.time(r.getNotBeforeMs()));
                }
                t.kv("applied_index", r.getMeta().getAppliedIndex()).kv("node", r.getMeta().getNodeId());
            });
            return 0;
        }
    }
}
