package io.bulwark.cli.output;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

/** Prints a result in the chosen format to stdout. */
public final class Printer {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace()
        .alwaysPrintFieldsWithNoPresence();

    private final PrintWriter out;
    private final Format format;

    /** A printer writing to {@code out}. */
    public Printer(final PrintWriter out, final Format format) {
        this.out = out;
        this.format = format;
    }

    /** The format in use. */
    public Format format() {
        return format;
    }

    /** Prints {@code message} as JSON, or as text through {@code text}. */
    public void print(final MessageOrBuilder message, final Consumer<TextBlock> text) {
        if (format == Format.JSON) {
            out.println(json(message));
        } else {
            final TextBlock block = new TextBlock();
            text.accept(block);
            block.writeTo(out);
        }
        out.flush();
    }

    /** Prints pre-rendered text, or {@code jsonLine} in JSON mode. */
    public void printRaw(final String jsonLine, final String text) {
        out.print(format == Format.JSON ? jsonLine + System.lineSeparator() : text);
        out.flush();
    }

    /** Compact protobuf JSON of a message, default values included. */
    public static String json(final MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (final InvalidProtocolBufferException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** An epoch-ms time as ISO-8601, or "-" for 0 (unset). */
    public static String time(final long epochMs) {
        return epochMs == 0 ? "-" : Instant.ofEpochMilli(epochMs).toString();
    }
}
