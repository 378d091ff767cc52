package io.bulwark.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuSamplerTest {

    @Test
    void shouldReadUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParens(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Files.writeString(stat, "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0\n");
        assertThat(CpuSampler.processTicks(stat, "test")).isEqualTo(1234 + 567);
    }

    @Test
    void shouldNameTheProcessThatIsGone(@TempDir Path dir) {
        assertThatThrownBy(() -> CpuSampler.processTicks(dir.resolve("nope"), "etcd pid 1"))
                .hasMessageContaining("etcd pid 1 is not running");
    }

    @Test
    void shouldChargeThisProcesssCpuToItsGroupAndNotToOthers() throws Exception {
        long self = ProcessHandle.current().pid();
        CpuSampler sampler = new CpuSampler(Map.of("me", List.of(self)), 100);
        CpuSampler.Sample a = sampler.sample();
        // Burn 0.3 s of this thread's CPU (not wall time: a loaded box may give it less), bounded at 60 s.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallEnd = System.nanoTime() + 60_000_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - cpuStart < 300_000_000L && System.nanoTime() < wallEnd) {
            x += System.nanoTime() & 7;
        }
        CpuSampler.Sample b = sampler.sample();
        CpuSampler.Delta d = sampler.between(a, b);
        assertThat(x).isPositive();
        assertThat(d.groupCpuSec().get("me")).isGreaterThanOrEqualTo(0.25); // 0.3 s less one 10 ms tick of rounding, with margin
        assertThat(d.boxBusyCpuSec()).isLessThanOrEqualTo(d.boxCapacityCpuSec());
        assertThat(d.otherCores()).isGreaterThanOrEqualTo(0);
        long[] box = CpuSampler.boxTicks();
        assertThat(box[0]).isPositive().isLessThanOrEqualTo(box[1]);
    }
}
