package io.bulwark.state;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.bulwark.state.TestCommands.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays one seeded random command log (creates, touches, revocations of every kind, purges,
 * invalid commands, retried duplicates) into independent states and compares digests, also
 * through a snapshot taken mid-log and loaded into a third state that replays the rest.
 */
class DeterminismTest {
    private static final int SESSION_IDS = 220;
    private static final int SUBJECTS = 25;
    private static final int COMMANDS = 4_000;

    /** Small tables and a low per-subject bound so TABLE_FULL and SUBJECT_SESSION_LIMIT occur. */
    private static StateConfig config() {
        return new StateConfig(120, 150, 10, 400, 6, Duration.ofMinutes(5));
    }

    @Test
    @Timeout(120)
    void shouldReachIdenticalStateOnEveryReplicaAndThroughSnapshot() throws IOException {
        List<CommandBatch> log = generateLog(20261129L);
        int snapshotAt = log.size() / 2;
        Map<ResultCode, Integer> codes = new EnumMap<>(ResultCode.class);
        int duplicates = 0;
        byte[] snapshot = null;
        try (BulwarkState a = BulwarkState.open(config()); BulwarkState b = BulwarkState.open(config())) {
            for (int i = 0; i < log.size(); i++) {
                long index = i + 1;
                BatchResult ra = a.apply(index, log.get(i));
                BatchResult rb = b.apply(index, log.get(i));
                assertThat(rb).as("results at index %d", index).isEqualTo(ra);
                for (CommandResult r : ra.getResultsList()) {
                    codes.merge(r.getCode(), 1, Integer::sum);
                    duplicates += r.getDuplicate() ? 1 : 0;
                }
                if (index % 250 == 0) {
                    assertThat(b.digest()).as("digest at index %d", index).isEqualTo(a.digest());
                    assertSubjectIndexConsistent(a, index);
                }
                if (index == snapshotAt) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    a.writeSnapshot(out, 3);
                    snapshot = out.toByteArray();
                }
            }
            assertThat(b.digest()).isEqualTo(a.digest());
            assertSubjectIndexConsistent(a, log.size());

            try (BulwarkState c = BulwarkState.open(config())) {
                assertThat(c.loadSnapshot(new ByteArrayInputStream(snapshot))).isEqualTo(snapshotAt);
                for (int i = snapshotAt; i < log.size(); i++) {
                    c.apply(i + 1, log.get(i));
                }
                assertThat(c.digest()).as("snapshot + replay").isEqualTo(a.digest());
                assertThat(c.tableRows()).isEqualTo(a.tableRows());
            }
        }
        // The log must exercise every outcome, or the comparison proves little.
        assertThat(codes.keySet()).contains(ResultCode.RESULT_OK, ResultCode.RESULT_INVALID, ResultCode.RESULT_NOT_FOUND,
                ResultCode.RESULT_ALREADY_EXISTS, ResultCode.RESULT_NOT_ACTIVE, ResultCode.RESULT_TABLE_FULL,
                ResultCode.RESULT_SUBJECT_SESSION_LIMIT, ResultCode.RESULT_REQUEST_ID_REUSED);
        assertThat(duplicates).isGreaterThan(20);
    }

    /** Every session is listed under its subject exactly once, and the index lists nothing else. */
    private static void assertSubjectIndexConsistent(BulwarkState state, long index) {
        Set<String> listed = new HashSet<>();
        for (int s = 0; s < SUBJECTS; s++) {
            String subject = subject(s);
            for (Session session : state.listSessions(subject, 1_000, T0).getSessionsList()) {
                assertThat(session.getSubject()).isEqualTo(subject);
                assertThat(listed.add(session.getSessionRef())).as("listed once").isTrue();
            }
        }
        assertThat((long) listed.size()).as("index vs sessions at %d", index).isEqualTo(state.tableRows().get("sessions"));
    }

    private static String subject(int i) {
        return "user-" + i + (i % 5 == 0 ? "-ñ" : "");
    }

    private static List<CommandBatch> generateLog(long seed) {
        Random rnd = new Random(seed);
        List<CommandBatch> log = new ArrayList<>();
        List<Command> withRequestIds = new ArrayList<>();
        long now = T0;
        int generated = 0;
        while (generated < COMMANDS) {
            CommandBatch.Builder batch = CommandBatch.newBuilder();
            int size = 1 + rnd.nextInt(5);
            for (int k = 0; k < size; k++, generated++) {
                now += rnd.nextInt(1_500);
                Command c = nextCommand(rnd, now, withRequestIds);
                batch.addCommands(c);
                if (!c.getHeader().getRequestId().isEmpty()) {
                    withRequestIds.add(c);
                }
            }
            log.add(batch.build());
        }
        return log;
    }

    private static Command nextCommand(Random rnd, long now, List<Command> withRequestIds) {
        int roll = rnd.nextInt(100);
        String requestId = rnd.nextInt(3) == 0 ? "rq-" + rnd.nextInt(600) : "";
        String sessionId = "sid-" + rnd.nextInt(SESSION_IDS);
        Command c;
        if (roll < 6 && !withRequestIds.isEmpty()) {
            // A client retry: same command and request id, later proposer time.
            Command earlier = withRequestIds.get(rnd.nextInt(withRequestIds.size()));
            Command.Builder retry = earlier.toBuilder();
            retry.getHeaderBuilder().setProposerTimeMs(now);
            return retry.build();
        } else if (roll < 40) {
            long ttl = 1_000 + rnd.nextInt(120_000);
            // One hot subject, so the per-subject bound and dead-session reclaim are exercised.
            int subject = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(SUBJECTS);
            c = TestCommands.create(now, requestId, sessionId, subject(subject), ttl);
        } else if (roll < 58) {
            Command.Builder t = TestCommands.touch(now, sessionId, rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(60_000)).toBuilder();
            t.getHeaderBuilder().setRequestId(requestId);
            c = t.build();
        } else if (roll < 68) {
            c = TestCommands.revoke(now, requestId, RevocationKind.REVOCATION_KIND_SESSION, Hashes.sessionHash(sessionId),
                    0, now + 1_000 + rnd.nextInt(300_000));
        } else if (roll < 76) {
            c = TestCommands.revoke(now, requestId, RevocationKind.REVOCATION_KIND_TOKEN,
                    Hashes.tokenHash("https://iss", "jti-" + rnd.nextInt(300)), 0, now + 1_000 + rnd.nextInt(300_000));
        } else if (roll < 80) {
            c = TestCommands.revoke(now, requestId, RevocationKind.REVOCATION_KIND_API_KEY,
                    Hashes.apiKeyHash("key-" + rnd.nextInt(50)), 0, now + 1_000 + rnd.nextInt(300_000));
        } else if (roll < 86) {
            long notBefore = rnd.nextBoolean() ? 0 : now - rnd.nextInt(60_000);
            c = TestCommands.revoke(now, requestId, RevocationKind.REVOCATION_KIND_SUBJECT,
                    Hashes.subjectHash(subject(rnd.nextInt(SUBJECTS))), notBefore, now + 1_000 + rnd.nextInt(300_000));
        } else if (roll < 91) {
            c = TestCommands.purge(now, now - rnd.nextInt(5_000));
        } else {
            c = invalid(rnd, now, sessionId);
        }
        return c;
    }

    private static Command invalid(Random rnd, long now, String sessionId) {
        Command base = TestCommands.create(now, sessionId, "someone", 10_000);
        Command.Builder b = base.toBuilder();
        switch (rnd.nextInt(6)) {
            case 0 -> b.getCreateSessionBuilder().setSessionHash(ByteString.copyFrom(new byte[16]));
            case 1 -> b.getCreateSessionBuilder().setSubject("bad\nsubject");
            case 2 -> b.getCreateSessionBuilder().setTtlMs(-5);
            case 3 -> b.getHeaderBuilder().setRequestId("no spaces allowed");
            case 4 -> b.clearCreateSession().setRevoke(TestCommands.revoke(now, RevocationKind.REVOCATION_KIND_TOKEN,
                    Hashes.tokenHash("i", "t"), 0, now).getRevoke()); // expiry not in the future
            default -> b.clearCreateSession().setRevoke(TestCommands.revoke(now, RevocationKind.REVOCATION_KIND_TOKEN,
                    Hashes.tokenHash("i", "t"), 0, now + 10).getRevoke().toBuilder().setReasonValue(77));
        }
        return b.build();
    }
}
