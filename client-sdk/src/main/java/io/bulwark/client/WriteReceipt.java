package io.bulwark.client;

import com.google.protobuf.Message;

/**
 * The outcome of a write: the server's response plus the consistency token.
 *
 * @param response     the protobuf response of the write
 * @param appliedIndex the Raft index at which the write was applied: pass it to
 *                     {@link Freshness#atLeast(long)} to read at least as fresh as this write
 * @param duplicate    true when the server had already applied this request id (a retry); the index is the
 *                     original one
 * @param requestId    the idempotency key the write carried (safe to log)
 * @param <R>          the response type
 */
public record WriteReceipt<R extends Message>(R response, long appliedIndex, boolean duplicate, String requestId) {
}
