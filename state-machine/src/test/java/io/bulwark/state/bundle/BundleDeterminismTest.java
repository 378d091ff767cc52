package io.bulwark.state.bundle;

import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded random log of bundle commands (pushes of a few variants, refused pushes, shadow,
 * promote, rollback, retried request ids) replayed into two replicas and, from a snapshot taken
 * mid-log, into a third: results, digests and listings must be identical.
 */
class BundleDeterminismTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final int COMMANDS = 400;

    private static StateConfig config() {
        return new StateConfig(10, 10, 10, 100, 4, Duration.ofMinutes(5));
    }

    @Test
    @Timeout(120)
    void shouldReachIdenticalBundleStateOnEveryReplicaAndThroughSnapshot() throws Exception {
        TestBundles fx = new TestBundles();
        List<byte[]> variants = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            variants.add(fx.signed(i % 2 == 1, "variant-" + i));
        }
        variants.add(fx.signedBy(fx.stranger, false, "untrusted"));
        PolicySettings settings = fx.settings(4);
        List<CommandBatch> log = new ArrayList<>();
        Map<ResultCode, Integer> codes = new EnumMap<>(ResultCode.class);
        int snapshotAt = COMMANDS / 2;
        byte[] snapshot = null;
        try (BulwarkState proposer = BulwarkState.open(config(), settings);
             BulwarkState a = BulwarkState.open(config(), settings);
             BulwarkState b = BulwarkState.open(config(), settings)) {
            Random rnd = new Random(20261129L);
            List<Command> sent = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                long now = T0 + i * 1000L;
                Command c = next(rnd, now, variants, proposer, sent);
                CommandBatch batch = CommandBatch.newBuilder().addCommands(c).build();
                log.add(batch);
                BatchResult ra = a.apply(i + 1, batch);
                BatchResult rb = b.apply(i + 1, batch);
                assertThat(rb).as("results at %d", i + 1).isEqualTo(ra);
                for (CommandResult r : ra.getResultsList()) {
                    codes.merge(r.getCode(), 1, Integer::sum);
                }
                if (i + 1 == snapshotAt) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    a.writeSnapshot(out, 2);
                    snapshot = out.toByteArray();
                }
            }
            assertThat(b.digest()).isEqualTo(a.digest());
            assertThat(b.listBundleVersions(1000).build()).isEqualTo(a.listBundleVersions(1000).build());
            try (BulwarkState c = BulwarkState.open(config(), settings)) {
                c.loadSnapshot(new ByteArrayInputStream(snapshot));
                for (int i = snapshotAt; i < log.size(); i++) {
                    c.apply(i + 1, log.get(i));
                }
                assertThat(c.digest()).as("snapshot + replay").isEqualTo(a.digest());
                assertThat(c.activeBundleVersion()).isEqualTo(a.activeBundleVersion());
            }
            assertThat(a.listBundleVersions(1000).getVersionsCount()).isBetween(1, 4);
        }
        assertThat(codes.keySet()).contains(ResultCode.RESULT_OK, ResultCode.RESULT_BUNDLE_UNTRUSTED_KEY,
                ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND, ResultCode.RESULT_INVALID);
    }

    private static Command next(Random rnd, long now, List<byte[]> variants, BulwarkState proposer, List<Command> sent) {
        int roll = rnd.nextInt(100);
        if (roll < 5 && !sent.isEmpty()) {
            Command retry = sent.get(rnd.nextInt(sent.size()));
            Command.Builder again = retry.toBuilder();
            again.getHeaderBuilder().setProposerTimeMs(now);
            return again.build();
        }
        Command.Builder c = Command.newBuilder();
        c.setHeader(TestBundles.header(now).toBuilder().setRequestId(rnd.nextInt(4) == 0 ? "rq-" + rnd.nextInt(50) : ""));
        long version = rnd.nextInt(12);
        if (roll < 40) {
            byte[] bytes = variants.get(rnd.nextInt(variants.size()));
            Admission admitted = proposer.admitBundle(bytes);
            if (admitted.ok()) {
                c.setPutBundleVersion(BundleCommands.put(bytes, admitted));
            } else {
                // A proposer that skipped the edge: apply refuses it alike everywhere.
                c.setPutBundleVersion(io.bulwark.replication.v1.PutBundleVersion.newBuilder()
                        .setSignedBundle(com.google.protobuf.ByteString.copyFrom(bytes)));
            }
        } else if (roll < 60) {
            c.setSetBundleShadow(io.bulwark.replication.v1.SetBundleShadow.newBuilder().setVersion(version));
        } else if (roll < 85) {
            c.setPromoteBundle(io.bulwark.replication.v1.PromoteBundle.newBuilder().setVersion(version));
        } else {
            c.setRollbackBundle(io.bulwark.replication.v1.RollbackBundle.newBuilder().setToVersion(version));
        }
        Command built = c.build();
        if (!built.getHeader().getRequestId().isEmpty()) {
            sent.add(built);
        }
        return built;
    }
}
