package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import java.util.List;

/**
 * One session's lifecycle: ABSENT → ACTIVE (create) → REVOKED (revoke), never back. An acknowledged
 * create needs an absent session (session ids are unique); a revoke takes any state to REVOKED.
 * get-session answers the state; a check answers ALLOW exactly when the session is ACTIVE. Reads and
 * checks with LOCAL or AT_LEAST consistency are left out (not linearizable by contract; the
 * revocation safety checker covers them). Session expiry is not modelled: workloads use TTLs longer
 * than the run.
 */
public final class SessionModel implements Model<SessionModel.State> {

    /** A session's state. */
    public enum State {
        /** Never created. */
        ABSENT,
        /** Created, not revoked. */
        ACTIVE,
        /** Revoked (terminal). */
        REVOKED
    }

    @Override
    public String name() {
        return "session";
    }

    /** Keys on which sessions are created or read. */
    @Override
    public boolean claims(List<Call> keyCalls) {
        for (Call c : keyCalls) {
            if (c.f() == Fn.CREATE_SESSION || c.f() == Fn.GET_SESSION) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean accepts(Call call) {
        return switch (call.f()) {
            case CREATE_SESSION, REVOKE -> true;
            case GET_SESSION, CHECK -> call.consistency() == Consistency.LINEARIZABLE
                    || call.consistency() == Consistency.NONE;
            default -> false;
        };
    }

    @Override
    public boolean isReadOnly(Call call) {
        return call.f() == Fn.GET_SESSION || call.f() == Fn.CHECK;
    }

    @Override
    public State initial() {
        return State.ABSENT;
    }

    @Override
    public boolean allowed(State state, Call call) {
        return switch (call.f()) {
            case CREATE_SESSION -> state == State.ABSENT;
            case REVOKE -> true;
            case GET_SESSION -> state.name().equals(call.answeredValue());
            case CHECK -> (state == State.ACTIVE) == Answers.ALLOW.equals(call.answeredValue());
            default -> false;
        };
    }

    @Override
    public State apply(State state, Call call) {
        return switch (call.f()) {
            case CREATE_SESSION -> State.ACTIVE;
            case REVOKE -> State.REVOKED;
            default -> state;
        };
    }

    @Override
    public String produces(Call call) {
        return switch (call.f()) {
            case CREATE_SESSION -> Answers.ACTIVE;
            case REVOKE -> Answers.REVOKED;
            default -> null;
        };
    }

    @Override
    public String observes(Call call) {
        if (call.f() == Fn.GET_SESSION && !Answers.ABSENT.equals(call.answeredValue())) {
            return call.answeredValue();
        }
        if (call.f() == Fn.CHECK && Answers.ALLOW.equals(call.answeredValue())) {
            return Answers.ACTIVE;
        }
        return null;
    }
}
