package io.bulwark.bench.compare;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The comparison's two PNG charts, drawn with Java2D (headless) on log-scale axes because the
 * workloads span three orders of magnitude: throughput per pair (median bar, min–max whisker over the
 * rounds) and latency percentiles per side (p50, p90, p99, p99.9).
 */
final class Charts {
    private static final Color A = new Color(0x1f, 0x77, 0xb4);
    private static final Color B = new Color(0xff, 0x7f, 0x0e);
    private static final int LEFT = 470;
    private static final int RIGHT = 150;
    private static final int TOP = 60;
    private static final int WIDTH = 1400;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Log-scale axis from a power of ten at or below {@code min} to one at or above {@code max}. */
    private record LogAxis(double lo, double hi, int x0, int x1) {
        static LogAxis of(double min, double max, int x0, int x1) {
            double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3))));
            double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
            return new LogAxis(lo, hi, x0, x1);
        }

        int x(double v) {
            double c = Math.max(lo, Math.min(hi, v));
            return x0 + (int) Math.round((x1 - x0) * (Math.log10(c) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
        }
    }

    private static Graphics2D begin(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return g;
    }

    private static void axis(Graphics2D g, LogAxis ax, int yTop, int yBottom, String unit) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double t = ax.lo(); t <= ax.hi() * 1.0001; t *= 10) {
            int x = ax.x(t);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(x, yTop, x, yBottom);
            g.setColor(Color.DARK_GRAY);
            String label = label(t);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, yBottom + 16);
        }
        g.drawString(unit + " (log scale)", ax.x1() - 160, yBottom + 34);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    }

    private static String label(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.0fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setColor(A);
        g.fillRect(x, y - 10, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("A: Bulwark", x + 18, y);
        g.setColor(B);
        g.fillRect(x + 120, y - 10, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("B: peer", x + 138, y);
    }

    static void throughput(List<PairResult> pairs, Path file) throws IOException {
        int rowH = 22;
        int pairH = 2 * rowH + 18;
        int height = TOP + pairs.size() * pairH + 60;
        BufferedImage img = new BufferedImage(WIDTH, Math.max(height, 200), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(img, "Throughput, ops/s (median of rounds; whisker: min-max)");
        legend(g, WIDTH - 300, 30);
        double min = Double.MAX_VALUE;
        double max = 1;
        for (PairResult p : pairs) {
            for (List<Repetition> reps : List.of(p.a, p.b)) {
                for (Repetition r : reps) {
                    min = Math.min(min, Math.max(1, r.throughput()));
                    max = Math.max(max, r.throughput());
                }
            }
        }
        LogAxis ax = LogAxis.of(min == Double.MAX_VALUE ? 1 : min, max, LEFT, WIDTH - RIGHT);
        int yBottom = TOP + pairs.size() * pairH;
        axis(g, ax, TOP - 5, yBottom, "ops/s");
        int y = TOP;
        for (PairResult p : pairs) {
            bar(g, ax, y, rowH, A, p.pair.id() + " A: " + p.pair.a().id(), p.medianA(Repetition::throughput), p.a);
            bar(g, ax, y + rowH, rowH, B, "B: " + p.pair.b().id(), p.medianB(Repetition::throughput), p.b);
            y += pairH;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void bar(Graphics2D g, LogAxis ax, int y, int h, Color c, String name, double median,
                            List<Repetition> reps) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        String shown = fit(name, fm, LEFT - 30);
        g.drawString(shown, LEFT - 10 - fm.stringWidth(shown), y + h - 7);
        int x = ax.x(Math.max(median, ax.lo()));
        g.setColor(c);
        g.fillRect(LEFT, y + 3, Math.max(1, x - LEFT), h - 6);
        double lo = reps.stream().mapToDouble(Repetition::throughput).min().orElse(median);
        double hi = reps.stream().mapToDouble(Repetition::throughput).max().orElse(median);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int xl = ax.x(Math.max(lo, ax.lo()));
        int xh = ax.x(Math.max(hi, ax.lo()));
        g.drawLine(xl, y + h / 2, xh, y + h / 2);
        g.drawLine(xl, y + 5, xl, y + h - 5);
        g.drawLine(xh, y + 5, xh, y + h - 5);
        g.drawString(String.format(Locale.ROOT, "%,.0f", median), Math.max(x, xh) + 6, y + h - 7);
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 4 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    static void latency(List<PairResult> pairs, Path file) throws IOException {
        int rowH = 22;
        int pairH = 2 * rowH + 18;
        int height = TOP + pairs.size() * pairH + 60;
        BufferedImage img = new BufferedImage(WIDTH, Math.max(height, 200), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = begin(img, "Latency percentiles, ms (medians of rounds): ● p50  ◆ p90  ■ p99  ▲ p99.9");
        legend(g, WIDTH - 300, 30);
        double min = Double.MAX_VALUE;
        double max = 0.01;
        for (PairResult p : pairs) {
            for (List<Repetition> reps : List.of(p.a, p.b)) {
                for (Repetition r : reps) {
                    min = Math.min(min, Math.max(0.001, r.stats().percentileMs(50)));
                    max = Math.max(max, r.stats().percentileMs(99.9));
                }
            }
        }
        LogAxis ax = LogAxis.of(min == Double.MAX_VALUE ? 0.01 : min, max, LEFT, WIDTH - RIGHT);
        int yBottom = TOP + pairs.size() * pairH;
        axis(g, ax, TOP - 5, yBottom, "ms");
        int y = TOP;
        for (PairResult p : pairs) {
            percentiles(g, ax, y, rowH, A, p.pair.id() + " A: " + p.pair.a().id(), p::medianA);
            percentiles(g, ax, y + rowH, rowH, B, "B: " + p.pair.b().id(), p::medianB);
            y += pairH;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void percentiles(Graphics2D g, LogAxis ax, int y, int h, Color c, String name,
                                    java.util.function.Function<ToDoubleFunction<Repetition>, Double> median) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        String shown = fit(name, fm, LEFT - 30);
        g.drawString(shown, LEFT - 10 - fm.stringWidth(shown), y + h - 7);
        double[] ps = {50, 90, 99, 99.9};
        int[] xs = new int[ps.length];
        for (int i = 0; i < ps.length; i++) {
            double p = ps[i];
            xs[i] = ax.x(median.apply(r -> r.stats().percentileMs(p)));
        }
        int cy = y + h / 2;
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(xs[0], cy, xs[3], cy);
        g.fillOval(xs[0] - 5, cy - 5, 10, 10);
        g.fillPolygon(new int[] {xs[1], xs[1] + 6, xs[1], xs[1] - 6}, new int[] {cy - 6, cy, cy + 6, cy}, 4);
        g.fillRect(xs[2] - 5, cy - 5, 10, 10);
        g.fillPolygon(new int[] {xs[3] - 6, xs[3], xs[3] + 6}, new int[] {cy + 5, cy - 6, cy + 5}, 3);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.2f / %.2f ms", median.apply(r -> r.stats().percentileMs(50)),
                median.apply(r -> r.stats().percentileMs(99))), xs[3] + 10, y + h - 7);
    }
}
