package io.bulwark.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CPU time from {@code /proc}: per server process group ({@code /proc/<pid>/stat}, user + system
 * time of all its threads) and for the whole box ({@code /proc/stat}'s {@code cpu} line), in clock ticks.
 * Two samples around a measured run give each server's CPU per operation and what every other
 * process on the machine used meanwhile.
 */
final class CpuSampler {
    private final Map<String, List<Long>> groups;
    private final long clockTicksPerSec;

    /**
     * @param groups           named groups of server PIDs (e.g. "bulwark" → its three nodes)
     * @param clockTicksPerSec the kernel's USER_HZ ({@code getconf CLK_TCK}; 100 on Linux x86-64)
     */
    CpuSampler(Map<String, List<Long>> groups, long clockTicksPerSec) {
        this.groups = groups;
        this.clockTicksPerSec = clockTicksPerSec;
    }

    /** CPU ticks at one instant. {@code selfTicks} is this (client) JVM's. */
    record Sample(long nanoTime, Map<String, Long> groupTicks, long selfTicks, long boxBusyTicks, long boxTotalTicks) {
    }

    /** What happened between two samples, in CPU seconds. */
    record Delta(double wallSec, Map<String, Double> groupCpuSec, double selfCpuSec, double boxBusyCpuSec,
                 double boxCapacityCpuSec) {
        /** CPU used by processes that are neither the servers nor this client, in cores (CPU seconds per second). */
        double otherCores() {
            double ours = selfCpuSec;
            for (double v : groupCpuSec.values()) {
                ours += v;
            }
            return Math.max(0, boxBusyCpuSec - ours) / wallSec;
        }
    }

    Sample sample() throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> g : groups.entrySet()) {
            long sum = 0;
            for (long pid : g.getValue()) {
                sum += processTicks(Path.of("/proc", Long.toString(pid), "stat"), g.getKey() + " pid " + pid);
            }
            ticks.put(g.getKey(), sum);
        }
        long self = processTicks(Path.of("/proc/self/stat"), "self");
        long[] box = boxTicks();
        return new Sample(System.nanoTime(), ticks, self, box[0], box[1]);
    }

    Delta between(Sample a, Sample b) {
        Map<String, Double> g = new LinkedHashMap<>();
        for (String k : a.groupTicks().keySet()) {
            g.put(k, seconds(b.groupTicks().get(k) - a.groupTicks().get(k)));
        }
        return new Delta((b.nanoTime() - a.nanoTime()) / 1e9, g, seconds(b.selfTicks() - a.selfTicks()),
                seconds(b.boxBusyTicks() - a.boxBusyTicks()), seconds(b.boxTotalTicks() - a.boxTotalTicks()));
    }

    private double seconds(long ticks) {
        return ticks / (double) clockTicksPerSec;
    }

    /** utime + stime: fields 14 and 15, counted after the ")" that ends the command name (which may hold spaces). */
    static long processTicks(Path stat, String what) throws IOException {
        String s;
        try {
            s = Files.readString(stat);
        } catch (NoSuchFileException e) {
            throw new IOException(what + " is not running (no " + stat + ")", e);
        }
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); utime is field 14 → f[11], stime field 15 → f[12].
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {busy, total} ticks of all CPUs: busy excludes idle and iowait; guest time is already in user. */
    static long[] boxTicks() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal [guest guest_nice]: guest is counted in user already.
                for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            }
        }
        throw new IOException("/proc/stat has no cpu line");
    }
}
