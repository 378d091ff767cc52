package io.bulwark.state.apply;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
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
    private final RequestLedger ledger;

    public CommandDispatcher(StateTables tables) {
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
                return Results.tableFull(index, ledger.table());
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
            case BODY_NOT_SET -> Results.reject(index, ResultCode.RESULT_INVALID, "command has no body");
        };
    }

    /**
     * A duplicate session write answers with the session as it is now: the original reply's
     * session is not stored, and the current one is what the retrying client needs.
     */
    private CommandResult withCurrentSession(CommandResult.Builder prior, Command command, long nowMs) {
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
}
