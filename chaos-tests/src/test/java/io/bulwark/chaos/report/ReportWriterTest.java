package io.bulwark.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.chaos.checker.AvailabilityStats;
import io.bulwark.chaos.checker.BuildGate;
import io.bulwark.chaos.checker.LinearizabilityChecker;
import io.bulwark.chaos.checker.RegisterModel;
import io.bulwark.chaos.checker.RevocationSafetyChecker;
import io.bulwark.chaos.checker.Verdict;
import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.HistoryReader;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import io.bulwark.chaos.testing.RegisterSimulation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    /** Reports go where a real run's would: this module's target/chaos. */
    private final ReportWriter writer = new ReportWriter(Path.of("target", "chaos"));

    /**
     * A simulated register run with two fault windows, plus a revocation workload in which one
     * LINEARIZABLE check admits a revoked credential (the deliberately broken mode) and one
     * register read is corrupted.
     */
    private static History brokenRun() {
        History sim = RegisterSimulation.run(3, 5, 2, 600);
        long span = sim.endNanos();
        List<Op> ops = new ArrayList<>(sim.ops());
        ops.add(Op.nemesis(Fn.START, "partition-leader", span / 5));
        ops.add(Op.nemesis(Fn.STOP, "partition-leader", span * 2 / 5));
        ops.add(Op.nemesis(Fn.START, "kill-n2", span * 3 / 5));
        ops.add(Op.nemesis(Fn.STOP, "kill-n2", span * 4 / 5));
        Op revoke = Op.invoke("r1", Fn.REVOKE, "tok<script>", null, span / 10).withNode("n1");
        ops.add(revoke);
        ops.add(Op.complete(revoke, OpType.OK, null, span / 10 + 2_000).withToken(40));
        Op check = Op.invoke("r2", Fn.CHECK, "tok<script>", null, span / 2).withConsistency(Consistency.LINEARIZABLE)
                .withNode("n3");
        ops.add(check);
        ops.add(Op.complete(check, OpType.OK, Answers.ALLOW, span / 2 + 900).withToken(38));
        ops.sort(Comparator.comparingLong(Op::timeNanos));
        History.Builder b = History.builder();
        for (Op op : ops) {
            b.add(op);
        }
        return b.build();
    }

    private static List<Verdict> check(History h) {
        return List.of(new LinearizabilityChecker(new RegisterModel()).check(h),
                new RevocationSafetyChecker(Duration.ofSeconds(1), RevocationSafetyChecker.LocalBound.REPORT).check(h),
                AvailabilityStats.of(h).asVerdict());
    }

    @Test
    void shouldWriteHistoryVerdictAndSelfContainedPageForABrokenRun() throws Exception {
        History h = brokenRun();
        List<Verdict> verdicts = check(h);
        assertThat(verdicts.get(0).status()).isEqualTo(Verdict.Status.VALID);
        assertThat(verdicts.get(1).status()).isEqualTo(Verdict.Status.INVALID);

        Path dir = writer.write("broken-revocation", h, verdicts);

        assertThat(HistoryReader.read(dir.resolve("history.jsonl")).ops()).isEqualTo(h.ops());
        String json = Files.readString(dir.resolve("verdict.json"));
        assertThat(json).contains("\"status\": \"INVALID\"", "\"kind\": \"linearizable-admit-after-revoke\"",
                "\"ok_rate_in_faults_permille\"").doesNotContain("<script>");
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("<span class='INVALID'>INVALID</span>", "linearizable-admit-after-revoke",
                "partition-leader", "kill-n2", "tok&lt;script&gt;")
                .doesNotContain("tok<script>", "<script", "src=", "href='http", "@import", "url(");
        // Both violating calls (revoke and check) are outlined on the timeline.
        assertThat(count(html, "class='ok bad'")).isEqualTo(2);
        assertThat(count(html, "class='fault'")).isEqualTo(4);
        assertWellFormedSvgs(html, 2);
        assertThatThrownBy(() -> BuildGate.requireSafe(verdicts, false)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("revocation-safety: INVALID");
    }

    @Test
    void shouldCarryTheShrunkSubHistoryOfANonLinearizableKey() throws Exception {
        History sim = RegisterSimulation.run(11, 4, 1, 400);
        List<Op> ops = new ArrayList<>(sim.ops());
        // Rewrite the last ok read to a value nobody wrote.
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            if (op.f() == Fn.READ && op.type() == OpType.OK) {
                ops.set(i, op.withValue("never-written"));
                break;
            }
        }
        History bad = History.of(ops);
        List<Verdict> verdicts = check(bad);
        assertThat(verdicts.get(0).status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(verdicts.get(0).violations().get(0).ops()).extracting(Op::value).containsExactly(null, "never-written");

        Path dir = writer.write("corrupted-read", bad, verdicts);
        String json = Files.readString(dir.resolve("verdict.json"));
        assertThat(json).contains("\"kind\": \"not-linearizable\"", "\"value\":\"never-written\"");
        assertWellFormedSvgs(Files.readString(dir.resolve("index.html")), 2);
    }

    @Test
    void shouldReportValidRunAndRejectUnsafeRunNames() throws Exception {
        History h = RegisterSimulation.run(5, 3, 2, 200);
        List<Verdict> verdicts = check(h);
        Path dir = writer.write("clean-run", h, verdicts);
        assertThat(Files.readString(dir.resolve("verdict.json"))).contains("\"status\": \"VALID\"");
        BuildGate.requireSafe(verdicts, false);
        assertThatThrownBy(() -> writer.write("../escape", h, verdicts)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void assertWellFormedSvgs(String html, int expected) throws Exception {
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        int found = 0;
        while (m.find()) {
            found++;
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.newDocumentBuilder().parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(found).isEqualTo(expected);
    }
}
