package io.bulwark.cli.commands;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.options.ReadOptionsMixin;
import io.bulwark.cli.options.SecretInput;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** {@code bulwark check}: ask for a decision, as an enforcement point would. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Asks for a decision on a session id, a bearer JWT (verified by the node against the active",
    "bundle's issuers) or a verified token's claims, optionally for a request (method, path, headers, ip, tenant)",
    "that the active bundle's routes and rules decide on. Prints decision, rule, reasons, challenge and bundle",
    "version. Exits 0 on ALLOW and 1 on DENY or CHALLENGE, so scripts can branch on it."},
    footer = {"%nExamples:", "  bulwark check --session-id - < sid.txt",
        "  bulwark check --bearer-token-file token.jwt --method GET --path /orders/42 --tenant acme",
        "  bulwark check --bearer-token-file - --method DELETE --path /orders/42 --header x-trace=1 < token.jwt",
        "  bulwark check --issuer https://id.example.com --token-id 8f14e45f --subject alice \\",
        "                --issued-at -5m --expires-at 55m --consistency linearizable",
        "  bulwark check --session-id-file sid.txt --min-index 1042 -o json"})
public final class CheckCommand extends ClientCommand {
    @Option(names = "--session-id", paramLabel = "<id>|-",
        description = "Check a session id (a secret); '-' reads it from stdin.")
    String sessionId;

    @Option(names = "--session-id-file", paramLabel = "<path>", description = "File holding the session id to check.")
    Path sessionIdFile;

    @Option(names = "--bearer-token-file", paramLabel = "<path>|-",
        description = "Check a bearer JWT (a secret) read from this file, or from stdin with '-'. There is no flag "
            + "taking the token itself: it would show in the process list and shell history.")
    Path bearerTokenFile;

    @Option(names = "--issuer", paramLabel = "<iss>", description = "Token check: issuer (iss).")
    String issuer;

    @Option(names = "--token-id", paramLabel = "<jti>", description = "Token check: token id (jti).")
    String tokenId;

    @Option(names = "--subject", paramLabel = "<sub>", description = "Token check: subject (sub).")
    String subject;

    @Option(names = "--issued-at", paramLabel = "<time>",
        description = "Token check: issued at (iat): ISO-8601, epoch ms, or relative like -5m.")
    Instant issuedAt;

    @Option(names = "--expires-at", paramLabel = "<time>",
        description = "Token check: expires at (exp): ISO-8601, epoch ms, or relative like 55m.")
    Instant expiresAt;

    @Option(names = "--sid", paramLabel = "<id>|-",
        description = "Token check, optional: the session the token belongs to (a secret; '-' reads stdin).")
    String sid;

    @Option(names = "--method", paramLabel = "<method>", description = "Request attribute for policy: HTTP method.")
    String method;

    @Option(names = "--path", paramLabel = "<path>", description = "Request attribute for policy: request path.")
    String path;

    @Option(names = "--tenant", paramLabel = "<tenant>", description = "Request attribute for policy: tenant.")
    String tenant;

    @Option(names = "--ip", paramLabel = "<address>", description = "Request attribute for policy: source IP.")
    String ip;

    @Option(names = "--header", paramLabel = "<name=value>", mapFallbackValue = "",
        description = "Request attribute for policy: a request header (repeatable; names are lower-cased).")
    Map<String, String> headers;

    @Mixin
    ReadOptionsMixin read;

    private CheckRequest request;

    /** Injected by the CLI factory. */
    public CheckCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void prepare() {
        final boolean token = issuer != null || tokenId != null || subject != null || issuedAt != null
            || expiresAt != null || sid != null;
        final boolean session = sessionId != null || sessionIdFile != null;
        final boolean bearer = bearerTokenFile != null;
        if ((token ? 1 : 0) + (session ? 1 : 0) + (bearer ? 1 : 0) != 1) {
            throw new CommandLine.ParameterException(commandLine(), "check one credential: a session (--session-id "
                + "or --session-id-file), a bearer JWT (--bearer-token-file) or a token's claims (--issuer "
                + "--token-id --subject --issued-at --expires-at [--sid])");
        }
        final CheckRequest.Builder b = CheckRequest.newBuilder().setRead(read.freshness(commandLine()).toProto(0));
        if (bearer) {
            b.setBearerToken(bearerToken());
        } else if (session) {
            b.setSessionId(SecretInput.read(sessionId, sessionIdFile, "--session-id", ctx, commandLine()));
        } else {
            if (issuer == null || tokenId == null || subject == null || issuedAt == null || expiresAt == null) {
                throw new CommandLine.ParameterException(commandLine(), "a token check needs --issuer, --token-id, "
                    + "--subject, --issued-at and --expires-at");
            }
            final TokenClaims.Builder claims = TokenClaims.newBuilder().setIssuer(issuer).setTokenId(tokenId)
                .setSubject(subject).setIssuedAtMs(issuedAt.toEpochMilli()).setExpiresAtMs(expiresAt.toEpochMilli());
            if (sid != null) {
                claims.setSessionId(SecretInput.read(sid, null, "--sid", ctx, commandLine()));
            }
            b.setToken(claims);
        }
        if (method != null || path != null || tenant != null || ip != null || headers != null) {
            final RequestAttributes.Builder attrs = RequestAttributes.newBuilder();
            if (ip != null) {
                attrs.setSourceIp(ip);
            }
            if (headers != null) {
                for (final Map.Entry<String, String> h : headers.entrySet()) {
                    attrs.putHeaders(header(h.getKey()), h.getValue());
                }
            }
            if (method != null) {
                attrs.setMethod(method);
            }
            if (path != null) {
                attrs.setPath(path);
            }
            if (tenant != null) {
                attrs.setTenant(tenant);
            }
            b.setRequest(attrs);
        }
        request = b.build();
    }

    /** The token from the file or stdin ({@code -}); never echoed, and only the file name appears in errors. */
    private String bearerToken() {
        final String token = "-".equals(bearerTokenFile.toString())
            ? SecretInput.read("-", null, "--bearer-token-file", ctx, commandLine())
            : SecretInput.read(null, bearerTokenFile, "--bearer-token", ctx, commandLine());
        if (token.indexOf('\n') >= 0 || token.indexOf(' ') >= 0) {
            throw new CommandLine.ParameterException(commandLine(), "--bearer-token-file must hold one compact JWT "
                + "(header.payload.signature), without 'Bearer ' or other text");
        }
        return token;
    }

    /** A header name as the policy sees it (lower case); a credential header on the command line draws a warning. */
    private String header(final String name) {
        final String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine(), "--header needs name=value");
        }
        if ("authorization".equals(n) || "cookie".equals(n) || "proxy-authorization".equals(n)) {
            ctx.err().println("warning: a --header " + n + " value is visible in the process list and shell history; "
                + "pass a bearer token with --bearer-token-file instead");
        }
        return n;
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final CheckResponse r = client.check(request);
        out.print(r, t -> {
            t.kv("decision", r.getDecision().name().replace("DECISION_", "").toLowerCase(Locale.ROOT));
            t.kv("rule", r.getRule().isEmpty() ? "-" : r.getRule());
            final StringJoiner reasons = new StringJoiner(", ");
            for (final ReasonCode c : r.getReasonsList()) {
                reasons.add(c.name().replace("REASON_", "").toLowerCase(Locale.ROOT));
            }
            t.kv("reasons", reasons.length() == 0 ? "-" : reasons.toString());
            t.kv("subject", r.getSubject().isEmpty() ? "-" : r.getSubject());
            if (!r.getChallenge().isEmpty()) {
                t.kv("challenge", r.getChallenge());
            }
            t.kv("bundle_version", r.getBundleVersion().isEmpty() ? "-" : r.getBundleVersion());
            t.kv("cache_ttl_ms", r.getCacheTtlMs()).kv("applied_index", r.getAppliedIndex()).kv("node", r.getNodeId());
        });
        // Fail closed: anything but an explicit ALLOW is "not allowed".
        return r.getDecision() == Decision.DECISION_ALLOW ? ExitCodes.OK : ExitCodes.DENIED;
    }
}
