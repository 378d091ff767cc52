package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import java.util.List;

/**
 * Revocation state of one credential (token id, API key): NOT_REVOKED → REVOKED, one-way. A check
 * answers ALLOW exactly when the credential is not revoked (workloads use credentials that are
 * otherwise valid). LOCAL and AT_LEAST checks are left out: {@link RevocationSafetyChecker} covers them.
 */
public final class RevocationModel implements Model<RevocationModel.State> {

    /** A credential's revocation state. */
    public enum State {
        /** Admitted by checks. */
        NOT_REVOKED,
        /** Refused by checks (terminal). */
        REVOKED
    }

    @Override
    public String name() {
        return "revocation";
    }

    /** Keys that are revoked or checked and are not sessions ({@link SessionModel} claims those). */
    @Override
    public boolean claims(List<Call> keyCalls) {
        boolean revocation = false;
        for (Call c : keyCalls) {
            if (c.f() == Fn.CREATE_SESSION || c.f() == Fn.GET_SESSION) {
                return false;
            }
            revocation |= c.f() == Fn.REVOKE || c.f() == Fn.CHECK;
        }
        return revocation;
    }

    @Override
    public boolean accepts(Call call) {
        return call.f() == Fn.REVOKE || (call.f() == Fn.CHECK && (call.consistency() == Consistency.LINEARIZABLE
                || call.consistency() == Consistency.NONE));
    }

    @Override
    public boolean isReadOnly(Call call) {
        return call.f() == Fn.CHECK;
    }

    @Override
    public State initial() {
        return State.NOT_REVOKED;
    }

    @Override
    public boolean allowed(State state, Call call) {
        return call.f() == Fn.REVOKE || (state == State.NOT_REVOKED) == Answers.ALLOW.equals(call.answeredValue());
    }

    @Override
    public State apply(State state, Call call) {
        return call.f() == Fn.REVOKE ? State.REVOKED : state;
    }

    @Override
    public String produces(Call call) {
        return call.f() == Fn.REVOKE ? Answers.REVOKED : null;
    }

    @Override
    public String observes(Call call) {
        return call.f() == Fn.CHECK && Answers.DENY.equals(call.answeredValue()) ? Answers.REVOKED : null;
    }
}
