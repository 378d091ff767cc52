package io.bulwark.chaos.report;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.FaultWindow;
import io.bulwark.chaos.history.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The timeline: one lane per client process, each call a bar from invocation to completion
 * (green ok, red fail, orange indeterminate — drawn to the end of the run), fault windows shaded
 * behind, and calls named in a violation outlined. Hovering a bar shows the call.
 */
final class TimelineSvg {
    static final int MAX_CALLS_DRAWN = 20_000;
    private static final double LEFT = 70;
    private static final double WIDTH = 1100;
    private static final double LANE = 14;
    private static final double TOP = 24;

    private TimelineSvg() {
    }

    static String render(History h, Set<Long> violating) {
        List<String> processes = new ArrayList<>(processesOf(h));
        double height = TOP + processes.size() * LANE + 30;
        TimeAxis axis = new TimeAxis(h, LEFT, WIDTH);
        StringBuilder svg = new StringBuilder(64 * Math.min(h.calls().size(), MAX_CALLS_DRAWN) + 1024);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%.0f' height='%.0f' class='plot'>", LEFT + WIDTH + 20, height));
        FaultShading.draw(svg, h, axis, 0, height - 30);
        for (int i = 0; i < processes.size(); i++) {
            double y = TOP + i * LANE;
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' class='lane'>%s</text>", LEFT - 6, y + LANE - 4,
                    Html.escape(processes.get(i))));
        }
        int drawn = 0;
        for (Call c : h.calls()) {
            if (drawn++ >= MAX_CALLS_DRAWN) {
                break;
            }
            double y = TOP + processes.indexOf(c.process()) * LANE;
            double xa = axis.x(c.startNanos());
            double xb = Math.max(axis.x(c.endNanos()), xa + 1.5);
            boolean bad = violating.contains(c.invoke().index());
            svg.append(String.format(Locale.ROOT,
                    "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' class='%s%s'><title>%s</title></rect>",
                    xa, y + 1, xb - xa, LANE - 3, c.outcome().wireName(), bad ? " bad" : "", Html.escape(describe(c))));
        }
        axis.draw(svg, height - 26);
        return svg.append("</svg>").toString();
    }

    /** Client processes, numeric ids in numeric order ("2" before "10"). */
    private static Set<String> processesOf(History h) {
        Set<String> result = new TreeSet<>((a, b) -> a.length() != b.length() ? Integer.compare(a.length(), b.length())
                : a.compareTo(b));
        for (Call c : h.calls()) {
            result.add(c.process());
        }
        return result;
    }

    static String describe(Call c) {
        StringBuilder b = new StringBuilder();
        b.append('#').append(c.invoke().index()).append(" p").append(c.process()).append(' ').append(c.f().wireName());
        if (c.key() != null) {
            b.append(' ').append(c.key());
        }
        if (c.invokedValue() != null) {
            b.append(" ").append(c.invokedValue());
        }
        if (c.consistency() != io.bulwark.chaos.history.Consistency.NONE) {
            b.append(" [").append(c.consistency().wireName()).append(']');
        }
        b.append(" -> ").append(c.outcome().wireName());
        if (c.answeredValue() != null) {
            b.append(' ').append(c.answeredValue());
        }
        if (c.node() != null) {
            b.append(" @").append(c.node());
        }
        if (c.resultToken() >= 0) {
            b.append(" token ").append(c.resultToken());
        }
        if (c.completion() != null) {
            b.append(String.format(Locale.ROOT, ", %.3f ms", (c.completion().timeNanos() - c.startNanos()) / 1e6));
        }
        return b.toString();
    }

    /** Fault windows as shaded bands with their names; shared by both plots. */
    static final class FaultShading {
        private FaultShading() {
        }

        static void draw(StringBuilder svg, History h, TimeAxis axis, double y, double height) {
            int row = 0;
            for (FaultWindow w : h.faultWindows()) {
                double xa = axis.x(w.startNanos());
                double xb = Math.max(axis.x(w.endNanos()), xa + 1);
                svg.append(String.format(Locale.ROOT,
                        "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' class='fault'><title>%s</title></rect>"
                                + "<text x='%.1f' y='%.1f' class='faultname'>%s</text>",
                        xa, y, xb - xa, height, Html.escape(w.fault() + (w.healed() ? "" : " (never healed)")),
                        xa + 2, y + 10 + 10 * (row++ % 2), Html.escape(w.fault())));
            }
        }
    }
}
