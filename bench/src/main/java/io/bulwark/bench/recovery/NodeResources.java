package io.bulwark.bench.recovery;

import io.bulwark.bench.report.Machine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and disk of one node process: heap used after a full GC ({@code jcmd PID GC.run}, then
 * {@code GC.heap_info}), resident set size ({@code VmRSS} in {@code /proc/PID/status}) and the
 * bytes under its data directory. {@code jcmd} is taken from the JDK running this tool, which
 * {@code bench/bin/recovery} makes the same one that runs the nodes.
 */
final class NodeResources {
    /** "garbage-first heap   total reserved 1048576K, committed 81920K, used 23456K" (JDK 17 and 25). */
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private NodeResources() {
    }

    /** Heap used after a full GC, in MB (-1 when jcmd fails). */
    static double heapAfterGcMb(long pid) throws InterruptedException {
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher m = USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
    }

    /** Resident set size in MB (-1 when the process is gone). */
    static double rssMb(long pid) {
        long kb = Machine.procValueKb("/proc/" + pid + "/status", "VmRSS:");
        return kb < 0 ? -1 : kb / 1024.0;
    }

    /** Bytes of regular files under {@code dir}. */
    static long diskBytes(Path dir) {
        long[] sum = {0};
        forEachFile(dir, (file, size) -> sum[0] += size);
        return sum[0];
    }

    /**
     * Calls {@code visit} with each regular file under {@code dir} and its size. Tolerates files and
     * directories that vanish while walking: a running node purges log segments and old snapshots at
     * any moment ({@code Files.walk} then fails the whole walk with NoSuchFileException).
     */
    static void forEachFile(Path dir, java.util.function.ObjLongConsumer<Path> visit) {
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        visit.accept(file, attrs.size());
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jcmd(long pid, String command) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
