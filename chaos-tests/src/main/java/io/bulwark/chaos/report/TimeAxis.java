package io.bulwark.chaos.report;

import io.bulwark.chaos.history.History;
import java.util.Locale;

/** Maps runner-clock nanoseconds onto an x pixel range, and draws the shared time axis. */
final class TimeAxis {
    final long t0;
    final long t1;
    final double x0;
    final double width;

    TimeAxis(History h, double x0, double width) {
        this.t0 = h.startNanos();
        this.t1 = Math.max(h.endNanos(), t0 + 1);
        this.x0 = x0;
        this.width = width;
    }

    double x(long nanos) {
        long clamped = Math.max(t0, Math.min(t1, nanos));
        return x0 + (clamped - t0) * width / (t1 - t0);
    }

    /** Ticks along y = {@code y}, labelled in seconds (or milliseconds for short runs) since the start. */
    void draw(StringBuilder svg, double y) {
        double spanMs = (t1 - t0) / 1e6;
        double step = niceStep(spanMs / 8);
        boolean seconds = step >= 1000;
        svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' class='axis'/>",
                x0, y, x0 + width, y));
        for (double ms = 0; ms <= spanMs + 1e-9; ms += step) {
            double x = x0 + ms / spanMs * width;
            String label = seconds ? String.format(Locale.ROOT, "%.3gs", ms / 1000) : String.format(Locale.ROOT, "%.4gms", ms);
            svg.append(String.format(Locale.ROOT,
                    "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' class='axis'/><text x='%.1f' y='%.1f' class='tick'>%s</text>",
                    x, y, x, y + 4, x, y + 15, label));
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
