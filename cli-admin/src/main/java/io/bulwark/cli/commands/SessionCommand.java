package io.bulwark.cli.commands;

import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.RevokeSessionResponse;
import io.bulwark.api.v1.Session;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.TouchSessionResponse;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.ReadOptionsMixin;
import io.bulwark.cli.options.ReasonOption;
import io.bulwark.cli.options.SecretInput;
import io.bulwark.cli.options.SessionSelectorOptions;
import io.bulwark.cli.options.WriteOptionsMixin;
import io.bulwark.cli.output.Printer;
import io.bulwark.cli.output.Table;
import io.bulwark.cli.output.TextBlock;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.Freshness;
import io.bulwark.client.WriteReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** {@code bulwark session create|get|list|touch|revoke}. */
@Command(name = "session", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Create, read, list, touch and revoke sessions.",
    subcommands = {SessionCommand.Create.class, SessionCommand.Get.class, SessionCommand.ListSessions.class,
        SessionCommand.Touch.class, SessionCommand.Revoke.class},
    footer = {"%nExamples:", "  bulwark session create --subject alice --ttl 15m",
        "  bulwark session get --session-id - < sid.txt"})
public final class SessionCommand extends GroupCommand {

    /** Session fields shared by several renderings; never includes the id. */
    static void describe(final TextBlock t, final Session s) {
        t.kv("session_ref", s.getSessionRef())
            .kv("subject", s.getSubject())
            .kv("state", state(s))
            .kv("created_at", Printer.time(s.getCreatedAtMs()))
            .kv("expires_at", Printer.time(s.getExpiresAtMs()))
            .kv("last_touched_at", Printer.time(s.getLastTouchedAtMs()))
            .kv("ttl", Printer.duration(s.getTtlMs()));
        if (s.getRevokedAtMs() != 0) {
            t.kv("revoked_at", Printer.time(s.getRevokedAtMs()));
        }
    }

    static String state(final Session s) {
        return s.getState().name().replace("SESSION_STATE_", "").toLowerCase(Locale.ROOT);
    }

    static void receipt(final TextBlock t, final WriteReceipt<?> r) {
        t.kv("applied_index", r.appliedIndex()).kv("duplicate", r.duplicate()).kv("request_id", r.requestId());
    }

    /** {@code session create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Creates a session and prints its id (the one time it is shown).",
        "The id is a bearer secret: store it safely; everything else refers to the session by its ref."},
        footer = {"%nExamples:", "  bulwark session create --subject alice --ttl 15m",
            "  bulwark session create --subject svc-build --ttl 2h --request-id deploy-42 -o json",
            "  bulwark session create --subject bob --ttl 30d --session-id-file ./chosen-id.txt"})
    public static final class Create extends ClientCommand {
        @Option(names = "--subject", required = true, paramLabel = "<subject>", description = "Who the session is for.")
        String subject;

        @Option(names = "--ttl", required = true, paramLabel = "<duration>",
            description = "Lifetime from now, e.g. 15m, 8h, 30d (within the server's allowed range).")
        Duration ttl;

        @Option(names = "--session-id", paramLabel = "<id>|-",
            description = "Choose the id yourself (16-128 of [A-Za-z0-9._~-]); '-' reads it from stdin. "
                + "Default: the node generates 256 random bits.")
        String sessionId;

        @Option(names = "--session-id-file", paramLabel = "<path>", description = "File holding the chosen id.")
        Path sessionIdFile;

        @Mixin
        WriteOptionsMixin write;

        private CreateSessionRequest request;

        /** Injected by the CLI factory. */
        public Create(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected void prepare() {
            final CreateSessionRequest.Builder b = CreateSessionRequest.newBuilder().setSubject(subject)
                .setTtlMs(ttl.toMillis()).setWrite(write.toProto(commandLine()));
            final String chosen = SecretInput.read(sessionId, sessionIdFile, "--session-id", ctx, commandLine());
            if (chosen != null) {
                b.setSessionId(chosen);
            }
            request = b.build();
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final WriteReceipt<CreateSessionResponse> r = client.createSession(request);
            final Session s = r.response().getSession();
            out.print(r.response(), t -> {
                t.kv("session_id", s.getSessionId());
                describe(t, s);
                receipt(t, r);
            });
            return 0;
        }
    }

    /** {@code session get}. */
    @Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Shows one session (never its id).",
        footer = {"%nExamples:", "  bulwark session get --session-id - < sid.txt",
            "  bulwark session get --session-ref 3f2a...e9 --consistency linearizable",
            "  bulwark session get --session-id-file sid.txt --min-index 1042 -o json"})
    public static final class Get extends ClientCommand {
        @Mixin
        SessionSelectorOptions session;

        @Mixin
        ReadOptionsMixin read;

        private SessionSelector selector;
        private Freshness freshness;

        /** Injected by the CLI factory. */
        public Get(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected void prepare() {
            selector = session.resolve(ctx, commandLine());
            freshness = read.freshness(commandLine());
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final GetSessionResponse r = client.getSession(selector, freshness);
            out.print(r, t -> {
                describe(t, r.getSession());
                t.kv("applied_index", r.getMeta().getAppliedIndex()).kv("node", r.getMeta().getNodeId());
            });
            return 0;
        }
    }

    /** {@code session list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists a subject's sessions by ref (live ones, and revoked or expired ones "
        + "not yet purged), oldest first.",
        footer = {"%nExamples:", "  bulwark session list --subject alice",
            "  bulwark session list --subject alice --limit 1000 -o json"})
    public static final class ListSessions extends ClientCommand {
        @Option(names = "--subject", required = true, paramLabel = "<subject>", description = "Whose sessions.")
        String subject;

        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100",
            description = "At most this many (1-1000). Default: ${DEFAULT-VALUE}.")
        int limit;

        @Mixin
        ReadOptionsMixin read;

        private Freshness freshness;

        /** Injected by the CLI factory. */
        public ListSessions(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected void prepare() {
            if (limit < 1 || limit > 1000) {
                throw new CommandLine.ParameterException(commandLine(), "--limit must be 1-1000, was " + limit);
            }
            freshness = read.freshness(commandLine());
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final ListSessionsResponse r = client.listSessions(subject, limit, freshness);
            final Table table = new Table("SESSION_REF", "STATE", "CREATED_AT", "EXPIRES_AT", "LAST_TOUCHED_AT");
            for (final Session s : r.getSessionsList()) {
                table.row(s.getSessionRef(), state(s), Printer.time(s.getCreatedAtMs()),
                    Printer.time(s.getExpiresAtMs()), Printer.time(s.getLastTouchedAtMs()));
            }
            out.printRaw(Printer.json(r), table.render() + r.getSessionsCount() + " session(s) of " + subject
                + (r.getTruncated() ? " (truncated: raise --limit)" : "") + ", applied_index "
                + r.getMeta().getAppliedIndex() + " on " + r.getMeta().getNodeId() + System.lineSeparator());
            return 0;
        }
    }

    /** {@code session touch}. */
    @Command(name = "touch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Extends a live session's expiry to now + ttl.",
        footer = {"%nExamples:", "  bulwark session touch --session-id - < sid.txt",
            "  bulwark session touch --session-ref 3f2a...e9 --ttl 1h"})
    public static final class Touch extends ClientCommand {
        @Mixin
        SessionSelectorOptions session;

        @Option(names = "--ttl", paramLabel = "<duration>",
            description = "New lifetime from now. Default: the session's own ttl.")
        Duration ttl;

        @Mixin
        WriteOptionsMixin write;

        private TouchSessionRequest request;

        /** Injected by the CLI factory. */
        public Touch(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected void prepare() {
            request = TouchSessionRequest.newBuilder().setSession(session.resolve(ctx, commandLine()))
                .setTtlMs(ttl == null ? 0 : ttl.toMillis()).setWrite(write.toProto(commandLine())).build();
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final WriteReceipt<TouchSessionResponse> r = client.touchSession(request);
            out.print(r.response(), t -> {
                describe(t, r.response().getSession());
                receipt(t, r);
            });
            return 0;
        }
    }

    /** {@code session revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Revokes a session: every later check presenting it is denied.",
        footer = {"%nExamples:", "  bulwark session revoke --session-id - --reason logout < sid.txt",
            "  bulwark session revoke --session-ref 3f2a...e9 --reason compromised"})
    public static final class Revoke extends ClientCommand {
        @Mixin
        SessionSelectorOptions session;

        @Mixin
        ReasonOption reason;

        @Mixin
        WriteOptionsMixin write;

        private RevokeSessionRequest request;

        /** Injected by the CLI factory. */
        public Revoke(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected void prepare() {
            request = RevokeSessionRequest.newBuilder().setSession(session.resolve(ctx, commandLine()))
                .setReason(reason.toProto()).setWrite(write.toProto(commandLine())).build();
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final WriteReceipt<RevokeSessionResponse> r = client.revokeSession(request);
            out.print(r.response(), t -> {
                t.kv("revoked", "session " + Refs.of(request.getSession()));
                receipt(t, r);
            });
            return 0;
        }
    }
}
