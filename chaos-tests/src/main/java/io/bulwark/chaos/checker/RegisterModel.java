package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import java.util.List;
import java.util.Objects;

/**
 * A read/write register per key. Initial value: unset (a read answers null). Reads asked with LOCAL
 * or AT_LEAST consistency are not linearizable by contract and are left out.
 */
public final class RegisterModel implements Model<RegisterModel.Value> {

    /** A register's content; {@code content} null means unset. */
    public record Value(String content) {
    }

    private static final Value UNSET = new Value(null);

    @Override
    public String name() {
        return "register";
    }

    @Override
    public boolean claims(List<Call> keyCalls) {
        for (Call c : keyCalls) {
            if (c.f() == Fn.WRITE || c.f() == Fn.READ) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean accepts(Call call) {
        return call.f() == Fn.WRITE
                || (call.f() == Fn.READ && (call.consistency() == Consistency.LINEARIZABLE
                        || call.consistency() == Consistency.NONE));
    }

    @Override
    public boolean isReadOnly(Call call) {
        return call.f() == Fn.READ;
    }

    @Override
    public Value initial() {
        return UNSET;
    }

    @Override
    public boolean allowed(Value state, Call call) {
        return call.f() == Fn.WRITE || Objects.equals(state.content(), call.answeredValue());
    }

    @Override
    public Value apply(Value state, Call call) {
        return call.f() == Fn.WRITE ? new Value(call.invokedValue()) : state;
    }

    @Override
    public String produces(Call call) {
        return call.f() == Fn.WRITE ? call.invokedValue() : null;
    }

    @Override
    public String observes(Call call) {
        return call.f() == Fn.READ ? call.answeredValue() : null;
    }
}
