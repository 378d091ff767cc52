package io.bulwark.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.HistoryReader;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

    @Test
    void shouldRecordAValidHistoryFromManyThreadsOnOneClock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.jsonl");
        int threads = 8;
        int callsEach = 500;
        try (Recorder recorder = new Recorder(file)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String process = Integer.toString(t);
                workers.add(new Thread(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        Op inv = recorder.invoke(process, Fn.CHECK, "t-" + (i % 5), null, "n1", Consistency.LOCAL, Op.NONE);
                        recorder.complete(inv, OpType.OK, "ALLOW", 7, null);
                    }
                }));
            }
            recorder.nemesis(Fn.START, "isolate-node");
            workers.forEach(Thread::start);
            for (Thread w : workers) {
                w.join(60_000);
                assertThat(w.isAlive()).isFalse();
            }
            recorder.nemesis(Fn.STOP, "isolate-node");

            History h = recorder.history();
            assertThat(h.calls()).hasSize(threads * callsEach);
            assertThat(h.faultWindows()).hasSize(1);
            long last = -1;
            for (Op op : h.ops()) {
                assertThat(op.timeNanos()).isGreaterThanOrEqualTo(last);
                last = op.timeNanos();
            }
        }
        // The streamed file is the same history, readable by the strict reader.
        assertThat(HistoryReader.read(file).ops()).hasSize(2 * threads * callsEach + 2);
    }

    @Test
    void shouldNeverPutTheSecretInTheRef() {
        Credential c = Credential.fresh(Credential.Kind.SESSION, new Random(1), 1_000);
        assertThat(c.ref()).startsWith("s-").hasSize(18).doesNotContain(c.secret());
        assertThat(c.toString()).doesNotContain(c.secret());
        assertThat(Credential.fresh(Credential.Kind.TOKEN, new Random(1), 1_000).ref()).startsWith("t-");
    }
}
