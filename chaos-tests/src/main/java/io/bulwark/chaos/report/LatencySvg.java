package io.bulwark.chaos.report;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.History;
import java.util.Locale;

/**
 * Latency against time, Jepsen style: one dot per completed call at its invocation time, log
 * scale in milliseconds, coloured by outcome, over the shaded fault windows.
 */
final class LatencySvg {
    private static final double LEFT = 70;
    private static final double WIDTH = 1100;
    private static final double TOP = 24;
    private static final double PLOT = 260;

    private LatencySvg() {
    }

    static String render(History h) {
        double minMs = Double.MAX_VALUE;
        double maxMs = 0;
        for (Call c : h.calls()) {
            if (c.completion() != null) {
                double ms = latencyMs(c);
                minMs = Math.min(minMs, ms);
                maxMs = Math.max(maxMs, ms);
            }
        }
        if (maxMs == 0) {
            minMs = 0.001;
            maxMs = 1;
        }
        double lo = Math.floor(Math.log10(Math.max(minMs, 0.001)));
        double hi = Math.max(Math.ceil(Math.log10(maxMs)), lo + 1);
        TimeAxis axis = new TimeAxis(h, LEFT, WIDTH);
        StringBuilder svg = new StringBuilder(48 * h.calls().size() + 1024);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%.0f' height='%.0f' class='plot'>",
                LEFT + WIDTH + 20, TOP + PLOT + 40));
        TimelineSvg.FaultShading.draw(svg, h, axis, 0, TOP + PLOT);
        for (double e = lo; e <= hi; e++) {
            double y = y(Math.pow(10, e), lo, hi);
            svg.append(String.format(Locale.ROOT,
                    "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' class='grid'/><text x='%.1f' y='%.1f' class='lane'>%s ms</text>",
                    LEFT, y, LEFT + WIDTH, y, LEFT - 6, y + 4, label(e)));
        }
        int drawn = 0;
        for (Call c : h.calls()) {
            if (c.completion() == null) {
                continue;
            }
            if (drawn++ >= TimelineSvg.MAX_CALLS_DRAWN) {
                break;
            }
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='2' class='%s'><title>%s</title></circle>",
                    axis.x(c.startNanos()), y(latencyMs(c), lo, hi), c.outcome().wireName(),
                    Html.escape(TimelineSvg.describe(c))));
        }
        axis.draw(svg, TOP + PLOT + 6);
        return svg.append("</svg>").toString();
    }

    private static double latencyMs(Call c) {
        return Math.max((c.completion().timeNanos() - c.startNanos()) / 1e6, 0.001);
    }

    private static double y(double ms, double lo, double hi) {
        double f = (Math.log10(Math.max(ms, Math.pow(10, lo))) - lo) / (hi - lo);
        return TOP + PLOT - f * PLOT;
    }

    private static String label(double exponent) {
        return java.math.BigDecimal.ONE.scaleByPowerOfTen((int) exponent).toPlainString();
    }
}
