package io.bulwark.chaos.report;

import io.bulwark.chaos.checker.Verdict;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.HistoryWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes one run's report into {@code <root>/<run>/}: {@code history.jsonl} (the whole history),
 * {@code verdict.json} (overall status, every verdict with its numbers and violating ops) and
 * {@code index.html} (verdicts, violations, timeline and latency plot; self-contained). The root is
 * normally {@code target/chaos} of the module running the suite. Writing a report never decides
 * the build: call {@link io.bulwark.chaos.checker.BuildGate#requireSafe} after it.
 */
public final class ReportWriter {
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    /** @param root the directory that holds one sub-directory per run, e.g. {@code target/chaos} */
    public ReportWriter(Path root) {
        this.root = root;
    }

    /**
     * Writes the report of run {@code run} (letters, digits, '.', '_', '-'), replacing an earlier
     * one of the same name, and returns its directory.
     */
    public Path write(String run, History history, List<Verdict> verdicts) throws IOException {
        if (!RUN_NAME.matcher(run).matches()) {
            throw new IllegalArgumentException("run name must match " + RUN_NAME.pattern() + ": " + run);
        }
        Path dir = root.resolve(run);
        Files.createDirectories(dir);
        HistoryWriter.write(dir.resolve("history.jsonl"), history);
        Files.writeString(dir.resolve("verdict.json"), VerdictJson.render(run, verdicts), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), HtmlPage.render(run, history, verdicts), StandardCharsets.UTF_8);
        return dir;
    }
}
