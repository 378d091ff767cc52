package io.bulwark.cli.commands;

import io.bulwark.api.v1.SessionSelector;
import io.bulwark.client.Selectors;

/** The printable name of a selected session. */
final class Refs {
    private Refs() {
    }

    /** The ref naming a selected session (never its id), safe to print. */
    static String of(final SessionSelector s) {
        return s.hasSessionRef() ? s.getSessionRef() : Selectors.refOf(s.getSessionId());
    }
}
