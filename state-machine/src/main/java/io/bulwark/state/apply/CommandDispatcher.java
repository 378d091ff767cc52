package io.bulwark.state.apply;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.bundle.BundleAdmission;
import io.bulwark.state.bundle.PolicySettings;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.validate.CommandValidator;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Limits;
import io.bulwark.state.validate.Violation;

/**
 * Applies one command: header rules, then idempotency, then one {@code switch} over the body to
 * the domain's applier, then records the outcome under the request id. Single-threaded.
 */
public final class CommandDispatcher {
    private final SessionApplier sessions;
    private final RevocationApplier revocations;
    private final PurgeApplier purge;
    private final BundleApplier bundles;
    private final RequestLedger ledger;

    /** A dispatcher whose bundle pushes are refused (no trusted keys). */
    public CommandDispatcher(StateTables tables) {
        this(tables, new BundleAdmission(PolicySettings.defaults()), PolicySettings.DEFAULT_VERSIONS_KEEP);
    }

    /**
     * @param admission    verifies and compiles pushed bundles (the node's trusted keys)
     * @param versionsKeep most stored bundle versions
     */
    public CommandDispatcher(StateTables tables, BundleAdmission admission, int versionsKeep) {
        this.bundles = new BundleApplier(tables.bundles(), admission, versionsKeep);
        this.sessions = new SessionApplier(tables);
        this.revocations = new RevocationApplier(tables);
        this.purge = new PurgeApplier(tables);
        this.ledger = new RequestLedger(tables.requests(), tables.config().requestIdRetention().toMillis());
    }

    /** The result of {@code command} applied at Raft index {@code index}. */
    public CommandResult apply(long index, Command command) {
        CommandHeader header = command.getHeader();
        Violation v = CommandValidator.header(header);
        if (v != null) {
            return Results.invalid(index, v);
        }
        long nowMs = header.getProposerTimeMs();
        int kind = command.getBodyCase().getNumber();
        byte[] requestKey = null;
        if (!header.getRequestId().isEmpty()) {
            requestKey = Hashes.requestHash(header.getActor(), header.getRequestId());
            CommandResult.Builder prior = ledger.replay(index, requestKey, kind, nowMs);
            if (prior != null) {
                return withCurrentSession(prior, command, nowMs);
            }
            if (!ledger.canRecord(requestKey)) {
                if (!command.hasRevoke()) {
                    return Results.tableFull(index, ledger.table());
                }
                // A revocation is idempotent by itself (revoking again keeps the first revocation), so
                // a full de-duplication ledger must not refuse one: that would trade a security outcome
                // for retry bookkeeping. It is applied without a ledger row.
                requestKey = null;
            }
        }
        CommandResult result = dispatch(index, nowMs, command);
        if (requestKey != null) {
            ledger.record(requestKey, kind, index, result.getCode(), nowMs);
        }
        return result;
    }

    private CommandResult dispatch(long index, long nowMs, Command command) {
        return switch (command.getBodyCase()) {
            case CREATE_SESSION -> sessions.create(index, nowMs, command.getCreateSession());
            case TOUCH_SESSION -> sessions.touch(index, nowMs, command.getTouchSession());
            case REVOKE -> revocations.revoke(index, nowMs, command.getRevoke());
            case PURGE_EXPIRED -> purge.purge(index, nowMs, command.getPurgeExpired());
            case PUT_BUNDLE_VERSION -> bundles.put(index, nowMs, command.getHeader().getActor(), command.getPutBundleVersion());
            case SET_BUNDLE_SHADOW -> bundles.shadow(index, nowMs, command.getHeader().getActor(), command.getSetBundleShadow());
            case PROMOTE_BUNDLE -> bundles.promote(index, nowMs, command.getHeader().getActor(), command.getPromoteBundle());
            case ROLLBACK_BUNDLE -> bundles.rollback(index, nowMs, command.getHeader().getActor(), command.getRollbackBundle());
            case BODY_NOT_SET -> Results.reject(index, ResultCode.RESULT_INVALID, "command has no body");
        };
    }

    /**
     * A duplicate session write answers with the session as it is now: the original reply's
     * session is not stored, and the current one is what the retrying client needs.
     */
    private CommandResult withCurrentSession(CommandResult.Builder prior, Command command, long nowMs) {
        if (prior.getDuplicate() && prior.getCode() == ResultCode.RESULT_OK && isBundleCommand(command)) {
            // As for sessions: the retrying client gets the bundle pointers as they are now.
            bundles.current(prior);
            if (command.hasPutBundleVersion()) {
                var pushed = bundles.byHash(command.getPutBundleVersion().getContentHash());
                if (pushed != null) {
                    prior.setBundle(pushed);
                }
            }
            return prior.build();
        }
        if (prior.getDuplicate() && prior.getCode() == ResultCode.RESULT_OK) {
            ByteString hash = switch (command.getBodyCase()) {
                case CREATE_SESSION -> command.getCreateSession().getSessionHash();
                case TOUCH_SESSION -> command.getTouchSession().getSessionHash();
                default -> null;
            };
            if (hash != null && hash.size() == Limits.HASH_BYTES) {
                Session s = sessions.current(hash.toByteArray(), nowMs);
                if (s != null) {
                    prior.setSession(s);
                }
            }
        }
        return prior.build();
    }

    /** True for the policy-bundle commands (field range 100-149). */
    public static boolean isBundleCommand(Command command) {
        int n = command.getBodyCase().getNumber();
        return n >= 100 && n <= 149;
    }
}
