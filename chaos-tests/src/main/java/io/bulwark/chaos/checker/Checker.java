package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.History;

/** A property of a history. Implementations are deterministic and side-effect free. */
public interface Checker {
    /** A short, stable name used in reports (e.g. "linearizability/session"). */
    String name();

    /** Decides whether {@code history} has the property. */
    Verdict check(History history);
}
