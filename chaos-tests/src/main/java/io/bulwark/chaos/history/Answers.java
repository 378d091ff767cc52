package io.bulwark.chaos.history;

/** The vocabulary of answer values that checkers interpret (check decisions and session states). */
public final class Answers {
    /** A check admitted the credential. */
    public static final String ALLOW = "ALLOW";
    /** A check refused the credential. */
    public static final String DENY = "DENY";
    /** A session that does not exist (never created, or expired and purged). */
    public static final String ABSENT = "ABSENT";
    /** A live session. */
    public static final String ACTIVE = "ACTIVE";
    /** A revoked session or credential. */
    public static final String REVOKED = "REVOKED";
    /** A credential that is not revoked (final reads of revocation state). */
    public static final String NOT_REVOKED = "NOT_REVOKED";

    private Answers() {
    }
}
