package io.bulwark.cli.options;

import io.bulwark.api.v1.WriteOptions;
import io.bulwark.client.RequestIds;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --request-id}: the idempotency key of a write. */
public final class WriteOptionsMixin {
    @Option(names = "--request-id", paramLabel = "<id>",
        description = "Idempotency key (1-64 of [A-Za-z0-9._:-]); re-running with the same id applies the write once."
            + " Default: a new random id, printed with the result.")
    String requestId;

    private String used;

    /** The write options: the given id (a usage error when malformed), or a new one. */
    public WriteOptions toProto(final CommandLine commandLine) {
        if (requestId != null && !RequestIds.isValid(requestId)) {
            throw new CommandLine.ParameterException(commandLine, "--request-id must be 1-" + RequestIds.MAX_LENGTH
                + " characters of [A-Za-z0-9._:-]");
        }
        used = requestId == null ? RequestIds.newRequestId() : requestId;
        return WriteOptions.newBuilder().setRequestId(used).build();
    }

    /** The request id the write was sent with, or null before {@link #toProto(CommandLine)}. */
    public String usedRequestId() {
        return used;
    }
}
