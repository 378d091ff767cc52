package io.bulwark.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.chaos.testing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    private static History sample() {
        return new Scenario()
                .fault("partition-majority", 5, 25)
                .call("0", Fn.REVOKE, "tok-\"q\"\n<b>").node("n1").token(12).at(0, 10).ok(null)
                .call("1", Fn.CHECK, "tok-a").consistency(Consistency.AT_LEAST).minIndex(12).node("n2").token(13)
                        .version("v7").at(11, 12).ok(Answers.DENY)
                .call("1", Fn.WRITE, "x").value("é\u2028").at(20, 30).info()
                .call("2", Fn.READ, "x").consistency(Consistency.LINEARIZABLE).at(21, 31).pending()
                .fault("kill-leader", 40, -1)
                .build();
    }

    @Test
    void shouldRoundTripThroughJsonLines() throws IOException {
        History h = sample();
        Path file = dir.resolve("run/history.jsonl");
        HistoryWriter.write(file, h);
        History back = HistoryReader.read(file);
        assertThat(back.ops()).isEqualTo(h.ops());
        assertThat(Files.readAllLines(file)).hasSize(h.ops().size());
        assertThat(Files.readString(file)).doesNotContain("<b>");
    }

    @Test
    void shouldAppendAcrossWriters() throws IOException {
        History h = sample();
        Path file = dir.resolve("h.jsonl");
        try (HistoryWriter w = HistoryWriter.append(file)) {
            for (int i = 0; i < 3; i++) {
                w.append(h.ops().get(i));
            }
            w.flush();
            assertThat(Files.readAllLines(file)).hasSize(3);
        }
        try (HistoryWriter w = HistoryWriter.append(file)) {
            for (int i = 3; i < h.ops().size(); i++) {
                w.append(h.ops().get(i));
            }
        }
        assertThat(HistoryReader.read(file).ops()).isEqualTo(h.ops());
    }

    @Test
    void shouldPairCallsAndFaultWindows() {
        History h = sample();
        assertThat(h.calls()).hasSize(4);
        assertThat(h.calls().get(0).isOk()).isTrue();
        assertThat(h.calls().get(1).requestedToken()).isEqualTo(12);
        assertThat(h.calls().get(1).resultToken()).isEqualTo(13);
        assertThat(h.calls().get(1).version()).isEqualTo("v7");
        assertThat(h.calls().get(2).isIndeterminate()).isTrue();
        assertThat(h.calls().get(3).completion()).isNull();
        assertThat(h.calls().get(3).endNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(h.faultWindows()).extracting(FaultWindow::fault, FaultWindow::healed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("partition-majority", true),
                        org.assertj.core.groups.Tuple.tuple("kill-leader", false));
        assertThat(h.faultWindows().get(0).endNanos()).isEqualTo(25_000_000L);
    }

    @Test
    void shouldRejectMalformedLinesWithTheirLineNumber() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        String good = "{\"index\":0,\"process\":\"0\",\"type\":\"invoke\",\"f\":\"read\",\"key\":\"x\",\"time\":5}";
        for (String bad : new String[] {
            "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"read\",\"time\":6,\"extra\":1}",
            "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"read\",\"time\":6.5}",
            "{\"index\":1,\"process\":\"0\",\"type\":\"okay\",\"f\":\"read\",\"time\":6}",
            "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"read\",\"time\":6} x",
            "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"read\",\"time\":6,\"time\":7}",
            "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"read\"}",
            "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"read\",\"time\":6",
        }) {
            Files.writeString(file, good + "\n" + bad + "\n");
            assertThatThrownBy(() -> HistoryReader.read(file)).as(bad).isInstanceOf(IOException.class)
                    .hasMessageContaining(":2:");
        }
    }

    @Test
    void shouldRejectHistoriesThatBreakTheRules() {
        Op a = Op.invoke("0", Fn.READ, "x", null, 10);
        History.Builder b = History.builder();
        b.add(a);
        assertThatThrownBy(() -> b.add(Op.invoke("0", Fn.READ, "x", null, 11)))
                .hasMessageContaining("outstanding");
        assertThatThrownBy(() -> b.add(Op.complete(Op.invoke("1", Fn.READ, "x", null, 11), OpType.OK, "1", 12)))
                .hasMessageContaining("without a matching invoke");
        assertThatThrownBy(() -> b.add(Op.invoke("2", Fn.READ, "x", null, 9))).hasMessageContaining("backwards");
        assertThatThrownBy(() -> b.add(Op.nemesis(Fn.STOP, "kill", 12))).hasMessageContaining("before it started");
        assertThat(b.build().ops()).hasSize(1);
    }

    @Test
    void shouldMapApiConsistency() {
        assertThat(Consistency.fromApi(io.bulwark.api.v1.Consistency.CONSISTENCY_UNSPECIFIED))
                .isEqualTo(Consistency.LOCAL);
        assertThat(Consistency.fromApi(io.bulwark.api.v1.Consistency.CONSISTENCY_LINEARIZABLE))
                .isEqualTo(Consistency.LINEARIZABLE);
        assertThat(Consistency.fromApi(io.bulwark.api.v1.Consistency.CONSISTENCY_AT_LEAST))
                .isEqualTo(Consistency.AT_LEAST);
    }
}
