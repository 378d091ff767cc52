package io.bulwark.bench.report;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a result was measured on: host, cores, memory, OS, JVM and the load average, read
 * from the JVM and {@code /proc} (Linux). Fields that cannot be read are left out, never guessed.
 */
public final class Machine {
    private Machine() {
    }

    /** Host, cores, memory, OS and JVM, plus the load average now under {@code load_average}. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("host", InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // No resolvable host name: leave the field out.
        }
        m.put("cores", Runtime.getRuntime().availableProcessors());
        long memKb = procValueKb("/proc/meminfo", "MemTotal:");
        if (memKb > 0) {
            m.put("memory_mb", memKb / 1024);
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("load_average", loadAverage());
        return m;
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The kB value of the line starting with {@code key} in a {@code /proc} file such as
     * {@code /proc/meminfo} or {@code /proc/PID/status}; -1 when absent or unreadable.
     */
    public static long procValueKb(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
