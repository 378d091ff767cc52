package io.bulwark.chaos.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON-lines history back, strictly: any malformed line or broken rule is an error naming the line. */
public final class HistoryReader {
    private HistoryReader() {
    }

    /** Reads and validates {@code file}. Blank lines are skipped. */
    public static History read(Path file) throws IOException {
        List<Op> ops = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    ops.add(HistoryCodec.decode(line));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return History.of(ops);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses one line (for tools that stream a history). */
    public static Op parseLine(String line) {
        return HistoryCodec.decode(line);
    }
}
