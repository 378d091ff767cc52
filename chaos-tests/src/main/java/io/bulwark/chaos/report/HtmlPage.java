package io.bulwark.chaos.report;

import io.bulwark.chaos.checker.Verdict;
import io.bulwark.chaos.checker.Violation;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** index.html: one self-contained page (inline CSS and SVG, no scripts, no external assets). */
final class HtmlPage {
    /** Violations usually list a handful of records; an unshrunk one is cut here (verdict.json has all). */
    private static final int MAX_ROWS_PER_VIOLATION = 200;
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,sans-serif;margin:24px;color:#222}",
            "h1 .VALID,h2 .VALID,td.VALID{color:#1a7f37}h1 .INVALID,td.INVALID{color:#c62828}",
            "h1 .UNKNOWN,td.UNKNOWN{color:#b26a00}",
            "table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;"
                    + "font-size:13px;text-align:left;vertical-align:top}",
            "code{font-size:12px}.num{font-family:monospace;font-size:12px}",
            ".plot{border:1px solid #ddd;background:#fff}.plot text{font-size:10px;fill:#444}",
            ".plot .lane{text-anchor:end}.plot .tick{text-anchor:middle}.axis,.grid{stroke:#999;stroke-width:1}",
            ".grid{stroke:#eee}.fault{fill:#d32f2f;fill-opacity:.08}.faultname{fill:#b71c1c!important}",
            "rect.ok,circle.ok{fill:#66bb6a}rect.fail,circle.fail{fill:#ef9a9a}rect.info,circle.info{fill:#ffb74d}",
            "rect.bad{stroke:#b71c1c;stroke-width:2}",
            ".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}");

    private HtmlPage() {
    }

    static String render(String run, History history, List<Verdict> verdicts) {
        Verdict.Status overall = VerdictJson.overall(verdicts);
        Set<Long> violating = new HashSet<>();
        for (Verdict v : verdicts) {
            for (Violation viol : v.violations()) {
                for (Op op : viol.ops()) {
                    violating.add(op.index());
                }
            }
        }
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Bulwark chaos run ")
                .append(Html.escape(run)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        b.append("<h1>Run ").append(Html.escape(run)).append(": <span class='").append(overall.name()).append("'>")
                .append(overall.name()).append("</span></h1>\n");
        b.append(String.format(Locale.ROOT, "<p>%d records, %d client calls, %d fault windows, %.3f s. "
                        + "Files: <a href='history.jsonl'>history.jsonl</a>, <a href='verdict.json'>verdict.json</a>.</p>\n",
                history.ops().size(), history.calls().size(), history.faultWindows().size(),
                (history.endNanos() - history.startNanos()) / 1e9));
        verdictTable(b, verdicts);
        violations(b, verdicts);
        b.append("<h2>Timeline</h2>\n<p class='legend'>one lane per client process; hover a bar for the call"
                + "<span style='background:#66bb6a'></span>ok<span style='background:#ef9a9a'></span>fail"
                + "<span style='background:#ffb74d'></span>indeterminate (drawn to the end)"
                + "<span style='border:2px solid #b71c1c'></span>in a violation"
                + "<span style='background:#d32f2f;opacity:.2'></span>fault window</p>\n");
        if (history.calls().size() > TimelineSvg.MAX_CALLS_DRAWN) {
            b.append("<p>Only the first ").append(TimelineSvg.MAX_CALLS_DRAWN).append(" calls are drawn.</p>\n");
        }
        b.append(TimelineSvg.render(history, violating)).append('\n');
        b.append("<h2>Latency</h2>\n<p>one dot per completed call at its invocation time; log scale</p>\n");
        b.append(LatencySvg.render(history)).append('\n');
        return b.append("</body></html>\n").toString();
    }

    private static void verdictTable(StringBuilder b, List<Verdict> verdicts) {
        b.append("<h2>Verdicts</h2>\n<table><tr><th>checker</th><th>status</th><th>numbers</th><th>note</th></tr>\n");
        for (Verdict v : verdicts) {
            b.append("<tr><td>").append(Html.escape(v.checker())).append("</td><td class='").append(v.status().name())
                    .append("'>").append(v.status().name()).append("</td><td class='num'>");
            for (Map.Entry<String, Long> e : v.numbers().entrySet()) {
                b.append(Html.escape(e.getKey())).append(" = ").append(e.getValue()).append("<br>");
            }
            b.append("</td><td>").append(Html.escape(v.note())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void violations(StringBuilder b, List<Verdict> verdicts) {
        for (Verdict v : verdicts) {
            for (Violation viol : v.violations()) {
                b.append("<h3>").append(Html.escape(v.checker())).append(": ").append(Html.escape(viol.kind()))
                        .append("</h3>\n<p>").append(Html.escape(viol.message())).append("</p>\n");
                b.append("<table><tr><th>#</th><th>process</th><th>type</th><th>f</th><th>key</th><th>value</th>"
                        + "<th>node</th><th>consistency</th><th>token</th><th>version</th><th>time (ms)</th></tr>\n");
                int rows = 0;
                for (Op op : viol.ops()) {
                    if (rows++ == MAX_ROWS_PER_VIOLATION) {
                        b.append("<tr><td colspan='11'>… ").append(viol.ops().size() - MAX_ROWS_PER_VIOLATION)
                                .append(" more records in verdict.json</td></tr>\n");
                        break;
                    }
                    b.append("<tr><td>").append(op.index()).append("</td><td>").append(Html.escape(op.process()))
                            .append("</td><td>").append(op.type().wireName()).append("</td><td>")
                            .append(op.f().wireName()).append("</td><td>").append(Html.escape(op.key()))
                            .append("</td><td>").append(Html.escape(op.value())).append("</td><td>")
                            .append(Html.escape(op.node())).append("</td><td>").append(op.consistency().wireName())
                            .append("</td><td>").append(op.token() < 0 ? "" : Long.toString(op.token()))
                            .append("</td><td>").append(Html.escape(op.version())).append("</td><td>")
                            .append(String.format(Locale.ROOT, "%.3f", op.timeNanos() / 1e6)).append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
        }
    }
}
