package io.bulwark.node.cluster;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.GetBundleStatusRequest;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.TokenRef;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.BundleSigner;
import io.bulwark.policy.sign.KeyFiles;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.bulwark.node.cluster.Rpc.atLeast;
import static io.bulwark.node.cluster.Rpc.expectError;
import static io.bulwark.node.cluster.Rpc.newWriteId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bundle versions on a real 3-node cluster: refused pushes, push → shadow → promote → rollback seen
 * alike on every node, checks on any node answering with a promoted version once they have the
 * promote's consistency token, and forged bearer tokens denied with distinct reasons. Bundles are
 * the example orders bundle signed with the TEST-ONLY example key the fixture trusts; tokens are
 * minted with the TEST-ONLY example issuer keys.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PolicyClusterTest {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);
    private static final String ISS = "https://id.example.test";

    private LocalClusterFixture cluster;
    private JWK signingKey;
    private RSAKey issuerKey;
    private byte[] v1;
    private byte[] v2;
    private String v1Hash;

    @BeforeAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void startCluster() throws Exception {
        final Path examples = LocalClusterFixture.EXAMPLES;
        signingKey = KeyFiles.readSigningKey(examples.resolve("keys/TEST-ONLY-bundle-signer.private.jwk.json"));
        final JWKSet issuerKeys = JWKSet.parse(Files.readString(examples.resolve("keys/TEST-ONLY-issuer.private.jwks.json")));
        issuerKey = (RSAKey) issuerKeys.getKeyByKeyId("example-rs-1");
        final BundleInput base = BundleInput.fromDirectory(examples.resolve("orders-bundle"));
        final CompileResult r1 = compiled(base);
        v1Hash = r1.contentHash();
        v1 = sign(r1, "");
        // Version 2 adds one deny rule: reads of orders flip from allow to deny.
        final List<BundleSource> sources = new ArrayList<>(base.sources());
        sources.add(new BundleSource("no-reads.policy",
                "rule no-reads deny when { request.method == \"GET\" && request.route == \"/orders/{id}\" }\n"));
        v2 = sign(compiled(new BundleInput(sources, base.files())), v1Hash);

        // A push is acknowledged once every replica verified and compiled the bundle; the first compile in a
        // JVM took more than the default 5 s write timeout on the shared 2-core box at load 30 (2026-11-29);
        // 9 s stays inside the fixture stubs' 10 s deadline.
        cluster = new LocalClusterFixture(3, Map.of("purge.interval", "1h", "writes.timeout", "9s"));
        cluster.startAll(LEADER_TIMEOUT);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CompileResult compiled(BundleInput input) {
        final CompileResult r = PolicyCompiler.compile(input);
        assertThat(r.ok()).as(r.errorReport()).isTrue();
        return r;
    }

    private byte[] sign(CompileResult r, String parent) {
        return BundleSigner.sign(r.canonicalBytes(), new BundleMetadata("orders", "ci@example.test", parent,
                1_767_225_600_000L), signingKey).toJson().getBytes(StandardCharsets.UTF_8);
    }

    private String token(String jti, JWSAlgorithm alg, String kid, JWSSigner signer, long expMs) throws Exception {
        final JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISS).subject("a1").audience("orders-api")
                .jwtID(jti).issueTime(new Date(System.currentTimeMillis() - 1000)).expirationTime(new Date(expMs))
                .claim("roles", List.of("admin")).claim("amr", List.of("pwd", "mfa")).build();
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String goodToken(String jti) throws Exception {
        return token(jti, JWSAlgorithm.RS256, "example-rs-1", new RSASSASigner(issuerKey),
                System.currentTimeMillis() + 600_000);
    }

    private CheckResponse checkRead(int node, String token, ReadOptions read) {
        return cluster.checks(node).check(CheckRequest.newBuilder().setBearerToken(token)
                .setRequest(RequestAttributes.newBuilder().setMethod("GET").setPath("/orders/42"))
                .setRead(read).build());
    }

    private PushBundleResponse push(int node, byte[] bytes) {
        return cluster.policy(node).pushBundle(PushBundleRequest.newBuilder()
                .setSignedBundle(ByteString.copyFrom(bytes)).setWrite(newWriteId()).build());
    }

    private ErrorInfo pushError(Status.Code code, byte[] bytes) {
        return expectError(code, () -> push(0, bytes));
    }

    @Test
    @Order(1)
    void shouldRefuseUnsignedTamperedAndUntrustedBundles() throws Exception {
        final String json = new String(v1, StandardCharsets.UTF_8);
        final String unsigned = json.replaceAll("\"signature\"\\s*:\\s*\"[^\"]*\"", "\"signature\":\"\"");
        final String tampered = json.replace("ci@example.test", "ci@evil.test");
        final JWK stranger = new OctetKeyPairGenerator(Curve.Ed25519).keyID("stranger").generate();
        final byte[] untrusted = BundleSigner.sign(compiled(BundleInput.fromDirectory(
                        LocalClusterFixture.EXAMPLES.resolve("orders-bundle"))).canonicalBytes(),
                new BundleMetadata("orders", "x", "", 1L), stranger).toJson().getBytes(StandardCharsets.UTF_8);

        assertThat(pushError(Status.Code.INVALID_ARGUMENT, unsigned.getBytes(StandardCharsets.UTF_8)).getReason())
                .isEqualTo("BUNDLE_UNSIGNED");
        assertThat(pushError(Status.Code.INVALID_ARGUMENT, tampered.getBytes(StandardCharsets.UTF_8)).getReason())
                .isEqualTo("BUNDLE_TAMPERED");
        assertThat(pushError(Status.Code.PERMISSION_DENIED, untrusted).getReason()).isEqualTo("BUNDLE_UNTRUSTED_KEY");
        assertThat(pushError(Status.Code.INVALID_ARGUMENT, "{\"no\":1}".getBytes(StandardCharsets.UTF_8)).getReason())
                .isEqualTo("BUNDLE_INVALID");
        // Larger than the common 16 KiB request limit, smaller than the bundle bound: reaches the verifier.
        final String padded = unsigned.substring(0, unsigned.lastIndexOf('}')) + ",\"pad\":\"" + "x".repeat(40_000) + "\"}";
        assertThat(pushError(Status.Code.INVALID_ARGUMENT, padded.getBytes(StandardCharsets.UTF_8)).getReason())
                .isIn("BUNDLE_UNSIGNED", "BUNDLE_INVALID");
        assertThat(cluster.policy(0).listBundleVersions(ListBundleVersionsRequest.getDefaultInstance()).getVersionsCount())
                .isZero();
    }

    @Test
    @Order(2)
    void shouldAnswerBearerChecksWithoutBundleClearly() throws Exception {
        final CheckResponse r = checkRead(1, goodToken("no-bundle"), ReadOptions.getDefaultInstance());
        assertThat(r.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(r.getReasonsList()).containsExactly(ReasonCode.REASON_NO_ACTIVE_BUNDLE);
        assertThat(r.getBundleVersion()).isEmpty();
    }

    @Test
    @Order(3)
    void shouldPushShadowPromoteAndRollBackConsistentlyOnEveryNode() throws Exception {
        final int follower = cluster.otherThan(cluster.awaitLeader(LEADER_TIMEOUT));
        final PushBundleResponse pushed = push(follower, v1);
        assertThat(pushed.getVersion().getVersion()).isEqualTo(1);
        assertThat(pushed.getVersion().getContentHash()).isEqualTo(v1Hash);
        assertThat(push(0, v1).getVersion().getVersion()).as("push is idempotent by content hash").isEqualTo(1);

        final BundleActivationResponse p1 = cluster.policy(1).promoteBundle(PromoteBundleRequest.newBuilder()
                .setVersion(1).setWrite(newWriteId()).build());
        assertThat(p1.getActive().getVersion()).isEqualTo(1);
        final String token = goodToken("reader-1");
        for (int i = 0; i < cluster.size(); i++) {
            final CheckResponse r = checkRead(i, token, atLeast(p1.getWrite().getAppliedIndex()));
            assertThat(r.getDecision()).as("node " + i).isEqualTo(Decision.DECISION_ALLOW);
            assertThat(r.getBundleVersion()).isEqualTo("1");
            assertThat(r.getRule()).isEqualTo("route");
            assertThat(r.getSubject()).isEqualTo("a1");
            assertThat(r.getReasonsList()).startsWith(ReasonCode.REASON_POLICY_ALLOW);
        }

        assertThat(push(2, v2).getVersion().getVersion()).isEqualTo(2);
        final BundleActivationResponse s2 = cluster.policy(2).setShadow(SetShadowRequest.newBuilder()
                .setVersion(2).setWrite(newWriteId()).build());
        assertThat(s2.getShadow().getVersion()).isEqualTo(2);
        for (int k = 0; k < 3; k++) {
            final CheckResponse r = checkRead(0, token, atLeast(s2.getWrite().getAppliedIndex()));
            assertThat(r.getDecision()).as("the shadow never answers").isEqualTo(Decision.DECISION_ALLOW);
        }
        final GetBundleStatusResponse status = cluster.policy(0).getBundleStatus(GetBundleStatusRequest.newBuilder()
                .setRead(atLeast(s2.getWrite().getAppliedIndex())).build());
        assertThat(status.getActive().getVersion()).isEqualTo(1);
        assertThat(status.getShadow().getVersion()).isEqualTo(2);
        assertThat(status.getShadowChecks()).isEqualTo(3);
        assertThat(status.getFlipsList()).hasSize(1);
        assertThat(status.getFlips(0).getRoute()).isEqualTo("GET /orders/{id}");
        assertThat(status.getFlips(0).getAllowToDeny()).isEqualTo(3);

        final ErrorInfo guard = expectError(Status.Code.FAILED_PRECONDITION, () -> cluster.policy(0).promoteBundle(
                PromoteBundleRequest.newBuilder().setExpectedActiveHash("sha256:00").setWrite(newWriteId()).build()));
        assertThat(guard.getReason()).isEqualTo("ACTIVE_HASH_MISMATCH");
        final BundleActivationResponse p2 = cluster.policy(0).promoteBundle(PromoteBundleRequest.newBuilder()
                .setExpectedActiveHash(v1Hash).setWrite(newWriteId()).build());
        assertThat(p2.getActive().getVersion()).isEqualTo(2);
        assertThat(p2.hasShadow()).isFalse();
        for (int i = 0; i < cluster.size(); i++) {
            final CheckResponse r = checkRead(i, token, atLeast(p2.getWrite().getAppliedIndex()));
            assertThat(r.getDecision()).as("node " + i).isEqualTo(Decision.DECISION_DENY);
            assertThat(r.getBundleVersion()).isEqualTo("2");
            assertThat(r.getRule()).isEqualTo("no-reads");
            assertThat(r.getReasonsList()).startsWith(ReasonCode.REASON_POLICY_DENY);
        }

        final BundleActivationResponse back = cluster.policy(1).rollbackBundle(RollbackBundleRequest.newBuilder()
                .setWrite(newWriteId()).build());
        assertThat(back.getActive().getVersion()).isEqualTo(1);
        ListBundleVersionsResponse first = null;
        for (int i = 0; i < cluster.size(); i++) {
            final CheckResponse r = checkRead(i, token, atLeast(back.getWrite().getAppliedIndex()));
            assertThat(r.getDecision()).as("node " + i).isEqualTo(Decision.DECISION_ALLOW);
            assertThat(r.getBundleVersion()).isEqualTo("1");
            final ListBundleVersionsResponse list = cluster.policy(i).listBundleVersions(ListBundleVersionsRequest
                    .newBuilder().setRead(atLeast(back.getWrite().getAppliedIndex())).build());
            assertThat(list.getHistoryList()).extracting(ActivationEvent::getAction).containsExactly(
                    ActivationEvent.Action.ACTION_ROLLBACK, ActivationEvent.Action.ACTION_PROMOTE,
                    ActivationEvent.Action.ACTION_SHADOW, ActivationEvent.Action.ACTION_PUSH,
                    ActivationEvent.Action.ACTION_PROMOTE, ActivationEvent.Action.ACTION_PUSH);
            if (first == null) {
                first = list;
            } else {
                assertThat(list.getVersionsList()).isEqualTo(first.getVersionsList());
                assertThat(list.getHistoryList()).isEqualTo(first.getHistoryList());
            }
        }
        assertThat(first.getVersions(0).getParentHash()).isEqualTo(v1Hash);
    }

    @Test
    @Order(4)
    void shouldDenyForgedTokensWithDistinctReasons() throws Exception {
        final long exp = System.currentTimeMillis() + 600_000;
        final RSAKey impostor = new RSAKeyGenerator(2048).keyID("example-rs-1").generate();
        final String badSignature = token("f1", JWSAlgorithm.RS256, "example-rs-1", new RSASSASigner(impostor), exp);
        final String unknownKid = token("f2", JWSAlgorithm.RS256, "nobody", new RSASSASigner(impostor), exp);
        // HS256 keyed with the issuer's public RSA modulus: the classic key-confusion forgery.
        final String confused = token("f3", JWSAlgorithm.HS256, "example-rs-1",
                new MACSigner(issuerKey.toPublicJWK().getModulus().decode()), exp);
        final String expired = token("f4", JWSAlgorithm.RS256, "example-rs-1", new RSASSASigner(issuerKey),
                System.currentTimeMillis() - 120_000);
        final String[] parts = goodToken("f5").split("\\.");
        final String algNone = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";

        assertThat(checkRead(1, badSignature, ReadOptions.getDefaultInstance()).getReasonsList())
                .containsExactly(ReasonCode.REASON_TOKEN_BAD_SIGNATURE, ReasonCode.REASON_TOKEN_INVALID);
        assertThat(checkRead(1, unknownKid, ReadOptions.getDefaultInstance()).getReasons(0))
                .isEqualTo(ReasonCode.REASON_TOKEN_UNKNOWN_KID);
        assertThat(checkRead(1, confused, ReadOptions.getDefaultInstance()).getReasons(0))
                .isEqualTo(ReasonCode.REASON_TOKEN_ALGORITHM_NOT_ALLOWED);
        assertThat(checkRead(1, expired, ReadOptions.getDefaultInstance()).getReasons(0))
                .isEqualTo(ReasonCode.REASON_TOKEN_EXPIRED);
        assertThat(checkRead(1, algNone, ReadOptions.getDefaultInstance()).getReasons(0))
                .isEqualTo(ReasonCode.REASON_TOKEN_ALG_NONE);
        for (String forged : List.of(badSignature, unknownKid, confused, expired, algNone)) {
            final CheckResponse r = checkRead(2, forged, ReadOptions.getDefaultInstance());
            assertThat(r.getDecision()).isEqualTo(Decision.DECISION_DENY);
            assertThat(r.getSubject()).isEmpty();
        }
    }

    @Test
    @Order(5)
    void shouldConsultRevocationOnEveryBearerCheck() throws Exception {
        final String token = goodToken("to-revoke");
        assertThat(checkRead(0, token, ReadOptions.getDefaultInstance()).getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        final RevokeResponse revoked = cluster.revocations(1).revoke(RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setToken(TokenRef.newBuilder().setIssuer(ISS).setTokenId("to-revoke")))
                .setWrite(newWriteId()).build());
        final CheckResponse r = checkRead(0, token, atLeast(revoked.getWrite().getAppliedIndex()));
        assertThat(r.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(r.getReasons(0)).isEqualTo(ReasonCode.REASON_TOKEN_REVOKED);
        assertThat(r.getBundleVersion()).isEqualTo("1");
    }

    @Test
    @Order(6)
    void shouldKeepBundlesAcrossARestartFromASnapshot() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int node = cluster.otherThan(leader);
        final long snapshotIndex = cluster.cluster(node).snapshot(SnapshotRequest.getDefaultInstance()).getSnapshotIndex();
        assertThat(snapshotIndex).isPositive();
        final ListBundleVersionsResponse before = cluster.policy(node).listBundleVersions(
                ListBundleVersionsRequest.getDefaultInstance());
        cluster.kill(node);
        cluster.start(node);
        cluster.awaitLeader(LEADER_TIMEOUT);
        // A write after the restart, so the AT_LEAST check proves the node replays and applies again.
        final BundleActivationResponse shadow = cluster.policy(leader).setShadow(SetShadowRequest.newBuilder()
                .setVersion(2).setWrite(newWriteId()).build());
        final CheckResponse r = checkRead(node, goodToken("after-restart"), atLeast(shadow.getWrite().getAppliedIndex()));
        assertThat(r.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(r.getBundleVersion()).isEqualTo("1");
        final ListBundleVersionsResponse after = cluster.policy(node).listBundleVersions(ListBundleVersionsRequest
                .newBuilder().setRead(atLeast(shadow.getWrite().getAppliedIndex())).build());
        assertThat(after.getVersionsList()).extracting(v -> v.getContentHash())
                .isEqualTo(before.getVersionsList().stream().map(v -> v.getContentHash()).toList());
        assertThat(after.getHistory(0).getAction()).isEqualTo(ActivationEvent.Action.ACTION_SHADOW);
        assertThat(after.getHistoryCount()).isEqualTo(before.getHistoryCount() + 1);
        assertThat(cluster.policy(node).getBundleStatus(GetBundleStatusRequest.getDefaultInstance())
                .getShadow().getVersion()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void shouldStoreABundleFarAboveTheCommonRequestLimit() throws Exception {
        final BundleInput base = BundleInput.fromDirectory(LocalClusterFixture.EXAMPLES.resolve("orders-bundle"));
        final StringBuilder list = new StringBuilder("list many_ips = [");
        for (int i = 0; i < 24_000; i++) {
            list.append(i == 0 ? "" : ", ").append("\"10.").append(i / 65536).append('.').append((i / 256) % 256)
                    .append('.').append(i % 256).append('"');
        }
        final List<BundleSource> sources = new ArrayList<>(base.sources());
        sources.add(new BundleSource("many.policy", list.append("]\n").toString()));
        final byte[] big = sign(compiled(new BundleInput(sources, base.files())), v1Hash);
        assertThat(big.length).isBetween(400_000, 1 << 20);

        final PushBundleResponse pushed = push(1, big);
        assertThat(pushed.getVersion().getVersion()).isEqualTo(3);
        final ListBundleVersionsResponse list3 = cluster.policy(2).listBundleVersions(ListBundleVersionsRequest
                .newBuilder().setRead(atLeast(pushed.getWrite().getAppliedIndex())).build());
        assertThat(list3.getVersions(0).getContentHash()).isEqualTo(pushed.getVersion().getContentHash());
    }
}
