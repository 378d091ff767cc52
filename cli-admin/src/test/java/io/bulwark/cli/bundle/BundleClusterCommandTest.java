package io.bulwark.cli.bundle;

import com.google.protobuf.util.JsonFormat;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetBundleStatusRequest;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.ShadowFlips;
import io.bulwark.cli.ExitCodes;
import io.bulwark.client.testing.Cleanup;
import io.bulwark.client.testing.Errors;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster verbs of {@code bulwark bundle}, in-process, against canned loopback nodes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BundleClusterCommandTest {
    private final Cleanup cleanup = new Cleanup();
    private CannedPolicyNode n1;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        n1 = cleanup.add(new CannedPolicyNode("n1"));
        n1.members = List.of(n1.member());
    }

    @AfterEach
    void stop() throws Exception {
        cleanup.close();
    }

    private BundleCli.Result run(final Object... args) {
        final Object[] all = new Object[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoints";
        all[args.length + 1] = n1.address();
        return BundleCli.run(all);
    }

    private Path signedExample() {
        final Path signed = tmp.resolve("orders.bundle.json");
        final BundleCli.Result r = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key",
            BundleCli.signingKey(), "--author", "ci@example.test", "-o", signed);
        assertThat(r.exit()).as(r.toString()).isZero();
        return signed;
    }

    @Test
    void pushShouldSendTheSignedFileByteForByteAndPrintVersionHashAndToken() throws Exception {
        final Path signed = signedExample();

        final BundleCli.Result r = run("bundle", "push", signed, "--request-id", "release-42");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("(?m)^version:\\s+2$").contains(CannedPolicyNode.STAGED_HASH)
            .containsPattern("(?m)^state:\\s+staged$").containsPattern("(?m)^applied_index:\\s+101$")
            .containsPattern("(?m)^request_id:\\s+release-42$").containsPattern("(?m)^parent:\\s+sha256:a{64}$");
        final PushBundleRequest sent = n1.receivedOf(PushBundleRequest.class).get(0);
        assertThat(sent.getSignedBundle().toByteArray()).isEqualTo(Files.readAllBytes(signed));
        assertThat(sent.getWrite().getRequestId()).isEqualTo("release-42");
    }

    @Test
    void pushShouldRefuseAnUnsignedOrMissingFileWithoutCallingTheCluster() {
        final Path compiled = tmp.resolve("orders.bundle");
        assertThat(BundleCli.run("bundle", "build", BundleCli.exampleBundle(), "-o", compiled).exit()).isZero();

        final BundleCli.Result unsigned = run("bundle", "push", compiled);
        assertThat(unsigned.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unsigned.err()).contains("not a signed bundle", "bundle sign");

        final BundleCli.Result missing = run("bundle", "push", tmp.resolve("nope.bundle.json"));
        assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("no such file");

        assertThat(n1.received).isEmpty();
    }

    @Test
    void pushRefusedByTheNodeShouldExitWithItsCodeAndReason() {
        final Path signed = signedExample();
        n1.failure = Errors.of(Status.Code.PERMISSION_DENIED, ErrorReason.ERROR_REASON_UNSPECIFIED,
            Map.of("reason", "UNTRUSTED_KEY"), "the bundle is not signed by a trusted key");

        final BundleCli.Result r = run("bundle", "push", signed);

        assertThat(r.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("PERMISSION_DENIED", "UNTRUSTED_KEY");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void pushWithUnknownOutcomeShouldNameTheRequestIdForASafeRerun() {
        final Path signed = signedExample();
        n1.failure = Errors.unavailable();

        final BundleCli.Result r = run("bundle", "push", signed, "--request-id", "release-43");

        assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains("--request-id release-43");
    }

    @Test
    void shadowShouldTakeAVersionOrOffButNotBoth() {
        final BundleCli.Result on = run("bundle", "shadow", "2");
        assertThat(on.exit()).as(on.toString()).isZero();
        assertThat(on.out()).containsPattern("(?m)^active:\\s+v1 sha256:a{64} orders by alice@example.test$")
            .containsPattern("(?m)^shadow:\\s+v2 sha256:b{64} orders by ci@example.test$")
            .containsPattern("(?m)^applied_index:\\s+102$");

        final BundleCli.Result off = run("bundle", "shadow", "--off");
        assertThat(off.exit()).isZero();
        assertThat(off.out()).containsPattern("(?m)^shadow:\\s+none$");
        assertThat(n1.receivedOf(SetShadowRequest.class)).extracting(SetShadowRequest::getVersion)
            .containsExactly(2L, 0L);

        assertThat(run("bundle", "shadow", "2", "--off").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("bundle", "shadow").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("bundle", "shadow", "0").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(n1.receivedOf(SetShadowRequest.class)).hasSize(2);

        final BundleCli.Result unknown = run("bundle", "shadow", "9");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void promoteShouldDefaultToTheShadowedVersionAndHonourTheGuard() throws Exception {
        final BundleCli.Result plain = run("bundle", "promote", "-o", "json");
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(plain.out().strip()).contains("\"appliedIndex\":\"103\"");
        assertThat(n1.receivedOf(PromoteBundleRequest.class).get(0).getVersion()).isZero();

        final BundleCli.Result guarded = run("bundle", "promote", "2", "--expect-active", CannedPolicyNode.ACTIVE_HASH);
        assertThat(guarded.exit()).isZero();
        final PromoteBundleRequest sent = n1.receivedOf(PromoteBundleRequest.class).get(1);
        assertThat(sent.getVersion()).isEqualTo(2);
        assertThat(sent.getExpectedActiveHash()).isEqualTo(CannedPolicyNode.ACTIVE_HASH);

        final BundleCli.Result stale = run("bundle", "promote", "2", "--expect-active",
            CannedPolicyNode.STAGED_HASH);
        assertThat(stale.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(stale.err()).contains("FAILED_PRECONDITION");

        final BundleCli.Result malformed = run("bundle", "promote", "2", "--expect-active", "sha256:abc");
        assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(n1.receivedOf(PromoteBundleRequest.class)).hasSize(3);
    }

    @Test
    void rollbackShouldSendTheTargetVersionOrZero() {
        assertThat(run("bundle", "rollback").exit()).isZero();
        final BundleCli.Result to = run("bundle", "rollback", "--to", "1");
        assertThat(to.exit()).isZero();
        assertThat(to.out()).containsPattern("(?m)^active:\\s+v1 ").containsPattern("(?m)^applied_index:\\s+104$");
        assertThat(n1.receivedOf(RollbackBundleRequest.class)).extracting(RollbackBundleRequest::getToVersion)
            .containsExactly(0L, 1L);
        assertThat(run("bundle", "rollback", "--to", "0").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void historyShouldListVersionsWithParentsAndTheActivationEvents() throws Exception {
        final BundleCli.Result r = run("bundle", "history", "--limit", "5", "--consistency", "linearizable");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("(?m)^VERSION\\s+STATE\\s+BUNDLE\\s+AUTHOR\\s+CONTENT_HASH\\s+PARENT")
            .containsPattern("(?m)^2\\s+staged\\s+orders\\s+ci@example.test\\s+sha256:b{64}\\s+sha256:a{64}")
            .containsPattern("(?m)^1\\s+active\\s+orders\\s+alice@example.test\\s+sha256:a{64}\\s+-")
            .containsPattern("(?m)^INDEX\\s+AT\\s+ACTION\\s+VERSION\\s+ACTOR")
            .containsPattern("(?m)^41\\s+\\S+\\s+promote\\s+1\\s+ops$");
        final ListBundleVersionsRequest sent = n1.receivedOf(ListBundleVersionsRequest.class).get(0);
        assertThat(sent.getLimit()).isEqualTo(5);

        final BundleCli.Result json = run("bundle", "history", "-o", "json");
        final ListBundleVersionsResponse.Builder parsed = ListBundleVersionsResponse.newBuilder();
        JsonFormat.parser().merge(json.out().strip(), parsed);
        assertThat(parsed.getVersionsCount()).isEqualTo(2);
        assertThat(parsed.getHistoryCount()).isEqualTo(3);

        assertThat(run("bundle", "history", "--limit", "0").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void statusShouldSumTheFlipsOverEveryMemberAndShowPerNodeTotals() {
        final CannedPolicyNode n2 = cleanup.add(new CannedPolicyNode("n2"));
        final String dead = LoopbackServer.deadAddress();
        final List<Member> members = List.of(n1.member(), n2.member(),
            Member.newBuilder().setNodeId("n3").setApiAddress(dead).build());
        n1.members = members;
        n2.members = members;
        n1.shadowChecks = 500;
        n1.flips = List.of(flips("GET /orders/{id}", 3, 0, 0), flips("DELETE /orders/{id}", 0, 0, 2));
        n2.shadowChecks = 300;
        n2.flips = List.of(flips("GET /orders/{id}", 4, 1, 0));

        final BundleCli.Result r = run("bundle", "status");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("(?m)^active:\\s+v1 sha256:a{64}")
            .containsPattern("(?m)^shadow:\\s+v2 sha256:b{64}")
            .containsPattern("(?m)^n1\\s+127.0.0.1:\\d+\\s+110\\s+v1\\s+v2\\s+500\\s+5\\s+yes$")
            .containsPattern("(?m)^n2\\s+127.0.0.1:\\d+\\s+110\\s+v1\\s+v2\\s+300\\s+5\\s+yes$")
            .containsPattern("(?m)^n3\\s+" + dead + "\\s+-.*no: UNAVAILABLE")
            .containsPattern("(?m)^GET /orders/\\{id}\\s+7\\s+1\\s+0$")
            .containsPattern("(?m)^DELETE /orders/\\{id}\\s+0\\s+0\\s+2$")
            .contains("total: 800 shadow checks, 10 flips, summed over 2/3 members (partial)");
        // Each member was asked for its own counters.
        assertThat(n1.receivedOf(GetBundleStatusRequest.class)).hasSize(1);
        assertThat(n2.receivedOf(GetBundleStatusRequest.class)).hasSize(1);

        final BundleCli.Result json = run("bundle", "status", "-o", "json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"shadowChecks\":800", "\"totalFlips\":10", "\"reachable\":2",
            "\"members\":3", "\"allowToDeny\":\"7\"", "\"active\":{");
    }

    @Test
    void statusShouldFailWhenNoMemberServesThePolicyService() {
        final CannedPolicyNode old = cleanup.add(new CannedPolicyNode("n1", false));
        old.members = List.of(old.member());

        final BundleCli.Result r = BundleCli.run("bundle", "status", "--endpoints", old.address());

        assertThat(r.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("UNIMPLEMENTED");
        assertThat(r.out()).isEmpty();
    }

    private static ShadowFlips flips(final String route, final long allowToDeny, final long denyToAllow,
                                     final long other) {
        return ShadowFlips.newBuilder().setRoute(route).setAllowToDeny(allowToDeny).setDenyToAllow(denyToAllow)
            .setOther(other).build();
    }
}
