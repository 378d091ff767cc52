package io.bulwark.client;

import io.grpc.Status;

/** What a call may safely be retried on. Decided on status codes only, never on message text. */
enum CallKind {
    /** Reads, checks, status, snapshots: idempotent, retried on UNAVAILABLE and on an attempt's DEADLINE_EXCEEDED. */
    READ,
    /** Writes carrying a request id: the server de-duplicates, so retried like reads. */
    IDEMPOTENT_WRITE,
    /** Calls without de-duplication (leadership transfer): retried only on UNAVAILABLE. */
    UNSAFE;

    /** Whether the call changes state (and so is best sent to the leader). */
    boolean isWrite() {
        return this != READ;
    }

    /** Whether a failure with {@code code} may be retried. RESOURCE_EXHAUSTED never is: retrying adds load. */
    boolean retriable(final Status.Code code) {
        switch (code) {
            case UNAVAILABLE:
                return true;
            case DEADLINE_EXCEEDED:
                return this != UNSAFE;
            default:
                return false;
        }
    }
}
