package io.bulwark.client;

import io.bulwark.api.v1.ErrorReason;
import io.grpc.Status;

import java.util.Map;

/**
 * A failed Bulwark call: the gRPC status code, the machine-readable {@link ErrorReason} from the server's
 * {@code google.rpc.ErrorInfo} and its metadata (e.g. {@code field}).
 *
 * <p>The message names the operation, the code, the reason and metadata, the server's description, the
 * number of attempts and the last endpoint. The SDK never puts request contents (session ids, tokens, keys)
 * into it; the server's description is covered by the server's own rule never to return secrets.
 * Decide on {@link #code()} and {@link #reason()}, never on the message text.
 */
public final class BulwarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status.Code code;
    private final ErrorReason reason;
    private final String reasonName;
    private final Map<String, String> metadata;
    private final String endpoint;
    private final int attempts;

    /**
     * Creates an exception.
     *
     * @param operation  the SDK operation, e.g. {@code "createSession"}
     * @param code       the gRPC status code
     * @param reason     the parsed reason ({@code ERROR_REASON_UNSPECIFIED} when absent or unknown)
     * @param reasonName the raw reason string from ErrorInfo (empty when absent); kept when this SDK does not
     *                   know the enum value yet
     * @param metadata   ErrorInfo metadata (copied)
     * @param detail     the server's or the client's description (may be empty)
     * @param endpoint   the endpoint of the last attempt, or empty
     * @param attempts   how many attempts were made
     * @param cause      the underlying exception, or null
     */
    public BulwarkException(final String operation, final Status.Code code, final ErrorReason reason,
                            final String reasonName, final Map<String, String> metadata, final String detail,
                            final String endpoint, final int attempts, final Throwable cause) {
        super(format(operation, code, reasonName, metadata, detail, endpoint, attempts), cause);
        this.code = code;
        this.reason = reason;
        this.reasonName = reasonName;
        this.metadata = Map.copyOf(metadata);
        this.endpoint = endpoint;
        this.attempts = attempts;
    }

    /** A copy thrown in the caller's thread, so its stack shows the caller; the original is the cause. */
    private BulwarkException(final BulwarkException original) {
        super(original.getMessage(), original);
        this.code = original.code;
        this.reason = original.reason;
        this.reasonName = original.reasonName;
        this.metadata = original.metadata;
        this.endpoint = original.endpoint;
        this.attempts = original.attempts;
    }

    /** A client-side failure with no server ErrorInfo (e.g. an unknown node id, a closed client). */
    static BulwarkException local(final String operation, final Status.Code code, final String detail) {
        return local(operation, code, ErrorReason.ERROR_REASON_UNSPECIFIED, detail);
    }

    /** A client-side failure with a reason, for checks the SDK makes before sending (e.g. a bad request id). */
    static BulwarkException local(final String operation, final Status.Code code, final ErrorReason reason,
                                  final String detail) {
        final String name = reason == ErrorReason.ERROR_REASON_UNSPECIFIED ? "" : reason.name();
        return new BulwarkException(operation, code, reason, name, Map.of(), detail, "", 0, null);
    }

    /** Re-throwable copy for a blocking caller. */
    BulwarkException inCallerThread() {
        return new BulwarkException(this);
    }

    /** The gRPC status code of the last attempt. */
    public Status.Code code() {
        return code;
    }

    /** The server's reason, or {@code ERROR_REASON_UNSPECIFIED} when it sent none or one this SDK does not know. */
    public ErrorReason reason() {
        return reason;
    }

    /** The raw reason name the server sent (empty when none). */
    public String reasonName() {
        return reasonName;
    }

    /** The ErrorInfo metadata, e.g. {@code field -> "subject"}; empty when none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The endpoint ({@code host:port}) of the last attempt, or empty. */
    public String endpoint() {
        return endpoint;
    }

    /** How many attempts were made before giving up. */
    public int attempts() {
        return attempts;
    }

    private static String format(final String operation, final Status.Code code, final String reasonName,
                                 final Map<String, String> metadata, final String detail, final String endpoint,
                                 final int attempts) {
        final StringBuilder sb = new StringBuilder(96).append(operation).append(" failed: ").append(code);
        if (!reasonName.isEmpty()) {
            sb.append(' ').append(reasonName);
        }
        if (!metadata.isEmpty()) {
            sb.append(' ').append(new java.util.TreeMap<>(metadata));
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        if (attempts > 0) {
            sb.append(" (").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
            if (!endpoint.isEmpty()) {
                sb.append(", last endpoint ").append(endpoint);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
