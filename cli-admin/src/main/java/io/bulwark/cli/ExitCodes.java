package io.bulwark.cli;

import io.bulwark.client.BulwarkException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CLI's exit codes, listed in every command's {@code --help}. */
public final class ExitCodes {
    /** Success (for {@code check}: the answer was ALLOW). */
    public static final int OK = 0;
    /** {@code check} answered DENY or CHALLENGE. */
    public static final int DENIED = 1;
    /** Bad command line: unknown option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** The session, node or other named thing does not exist. */
    public static final int NOT_FOUND = 3;
    /** The server rejected the request: invalid argument, already exists, failed precondition. */
    public static final int REJECTED = 4;
    /** No node answered in time: unavailable, no leader, deadline exceeded. */
    public static final int UNAVAILABLE = 5;
    /** Any other server or client error (resource exhausted, permission denied, internal). */
    public static final int ERROR = 6;

    private ExitCodes() {
    }

    /** The exit code for a failed call, decided on the gRPC code only. */
    public static int of(final BulwarkException e) {
        switch (e.code()) {
            case NOT_FOUND:
                return NOT_FOUND;
            case INVALID_ARGUMENT:
            case ALREADY_EXISTS:
            case FAILED_PRECONDITION:
            case OUT_OF_RANGE:
                return REJECTED;
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
                return UNAVAILABLE;
            default:
                return ERROR;
        }
    }

    /** Code to description, for the help footer. */
    static Map<String, String> helpList() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "ok (check: ALLOW)");
        m.put(Integer.toString(DENIED), "check answered DENY or CHALLENGE");
        m.put(Integer.toString(USAGE), "usage error (bad option or argument)");
        m.put(Integer.toString(NOT_FOUND), "not found (session, node)");
        m.put(Integer.toString(REJECTED), "rejected: invalid argument, already exists, failed precondition");
        m.put(Integer.toString(UNAVAILABLE), "unavailable or timed out (no node, no leader, deadline)");
        m.put(Integer.toString(ERROR), "other error (resource exhausted, internal, ...)");
        return m;
    }
}
