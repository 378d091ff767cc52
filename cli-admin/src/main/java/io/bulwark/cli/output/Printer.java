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

    /** A duration in operator units ({@code 15m}, {@code 1h30m}, {@code 500ms}); "0s" for zero. */
    public static String duration(final long ms) {
        if (ms == 0) {
            return "0s";
        }
        final StringBuilder sb = new StringBuilder();
        long rest = ms;
        final long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        final String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (rest >= units[i]) {
                sb.append(rest / units[i]).append(names[i]);
                rest %= units[i];
            }
        }
        return sb.toString();
    }

    /** An epoch-ms time as ISO-8601, or "-" for 0 (unset). */
    public static String time(final long epochMs) {
        return epochMs == 0 ? "-" : Instant.ofEpochMilli(epochMs).toString();
    }
}
