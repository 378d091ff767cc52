package io.bulwark.cli.bundle;

import io.bulwark.cli.ExitCodes;
import io.bulwark.policy.compile.BundleHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bundle build}, {@code sign} and {@code verify}: determinism, round trip, and each refusal's reason. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuildSignVerifyCommandTest {
    private static final String SIGNER_KID = "example-bundle-signer-1";

    @TempDir
    Path tmp;

    @Test
    void shouldBuildTheSameBytesTwiceAndPrintTheirHash() throws Exception {
        final BundleCli.Result a = BundleCli.run("bundle", "build", BundleCli.exampleBundle(), "-o", tmp.resolve("a"));
        final BundleCli.Result b = BundleCli.run("bundle", "build", BundleCli.exampleBundle(), "--out",
            tmp.resolve("b"));

        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(b.exit()).isZero();
        final byte[] bytes = Files.readAllBytes(tmp.resolve("a"));
        assertThat(bytes).isNotEmpty().isEqualTo(Files.readAllBytes(tmp.resolve("b")));
        assertThat(a.out()).isEqualTo(BundleHash.contentHash(bytes) + "\n").isEqualTo(b.out());
    }

    @Test
    void shouldWriteNothingWhenTheBundleDoesNotCompile() {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("routes.policy"), "public", "pubic");
        final BundleCli.Result r = BundleCli.run("bundle", "build", dir, "-o", tmp.resolve("out"));
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void shouldSignADirectoryAndVerifyIt() {
        final Path signed = tmp.resolve("orders.bundle.json");
        final BundleCli.Result s = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key",
            BundleCli.signingKey(), "--author", "ci@example.test", "-o", signed);
        assertThat(s.exit()).as(s.toString()).isZero();
        final String hash = field(s.out(), "content_hash");
        assertThat(hash).matches("sha256:[0-9a-f]{64}");
        assertThat(field(s.out(), "key_id")).isEqualTo(SIGNER_KID);
        assertThat(s.out() + s.err()).doesNotContain(privateD());

        final BundleCli.Result v = BundleCli.run("bundle", "verify", signed, "--trusted", BundleCli.trustedKey());

        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(field(v.out(), "content_hash")).isEqualTo(hash);
        assertThat(field(v.out(), "bundle")).isEqualTo("orders");
        assertThat(field(v.out(), "author")).isEqualTo("ci@example.test");
        assertThat(field(v.out(), "parent")).isEqualTo("-");
        assertThat(field(v.out(), "created")).isEqualTo(BundleCli.NOW.toString());
        assertThat(field(v.out(), "key_id")).isEqualTo(SIGNER_KID);
        assertThat(field(v.out(), "verified")).isEqualTo("yes");
    }

    @Test
    void shouldSignACompiledFileWithAParentAndReportItAsJson() {
        final Path compiled = tmp.resolve("orders.bundle");
        final String hash = BundleCli.run("bundle", "build", BundleCli.exampleBundle(), "-o", compiled).out().strip();
        final String parent = "sha256:" + "ab".repeat(32);
        final Path signed = tmp.resolve("orders.bundle.json");
        assertThat(BundleCli.run("bundle", "sign", compiled, "--key", BundleCli.signingKey(), "--author", "alice",
            "--parent", parent, "-o", signed).exit()).isZero();

        final BundleCli.Result v = BundleCli.run("bundle", "verify", signed, "--trusted", BundleCli.trustedKey(), "-o",
            "json");

        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).isEqualTo("{\"contentHash\":\"" + hash + "\",\"bundle\":\"orders\",\"author\":\"alice\","
            + "\"parent\":\"" + parent + "\",\"createdMs\":" + BundleCli.NOW.toEpochMilli() + ",\"keyId\":\""
            + SIGNER_KID + "\",\"verified\":true}\n");
    }

    @Test
    void shouldRefuseATamperedBundleWithContentHashMismatch() throws Exception {
        final Path signed = signExample();
        final String json = Files.readString(signed);
        final Matcher m = Pattern.compile("\"bundle\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).isTrue();
        // JSON may escape '/' in the base64 text.
        final byte[] bytes = Base64.getDecoder().decode(m.group(1).replace("\\/", "/"));
        bytes[bytes.length / 2] ^= 0x01;
        Files.writeString(signed, json.replace(m.group(1), Base64.getEncoder().encodeToString(bytes)));

        final BundleCli.Result v = BundleCli.run("bundle", "verify", signed, "--trusted", BundleCli.trustedKey());

        assertThat(v.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(v.out()).isEmpty();
        assertThat(v.err()).startsWith("error: " + signed + ": verification failed: CONTENT_HASH_MISMATCH: ");
    }

    @Test
    void shouldRefuseAlteredMetadataWithBadSignature() throws Exception {
        final Path signed = signExample();
        Files.writeString(signed, Files.readString(signed).replace("\"author\":\"ci@example.test\"",
            "\"author\":\"mallory@example.test\""));

        final BundleCli.Result v = BundleCli.run("bundle", "verify", signed, "--trusted", BundleCli.trustedKey(), "-o",
            "json");

        assertThat(v.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(v.out()).startsWith("{\"verified\":false,\"reason\":\"BAD_SIGNATURE\",");
        assertThat(v.err()).contains("verification failed: BAD_SIGNATURE: ");
    }

    @Test
    void shouldRefuseAnUntrustedKey() {
        final Path signed = signExample();
        // The issuer's keys are real keys, just not trusted for bundles.
        final BundleCli.Result v = BundleCli.run("bundle", "verify", signed, "--trusted",
            BundleCli.exampleBundle().resolve("keys/id.jwks.json"));

        assertThat(v.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(v.err()).isEqualTo("error: " + signed + ": verification failed: UNTRUSTED_KEY: key '" + SIGNER_KID
            + "' is not trusted\n");
    }

    @Test
    void shouldRefuseAnUnsignedEnvelope() throws Exception {
        final Path signed = signExample();
        Files.writeString(signed, Files.readString(signed)
            .replaceAll("\"signature\":\"[^\"]*\"", "\"signature\":\"\""));

        final BundleCli.Result v = BundleCli.run("bundle", "verify", signed, "--trusted", BundleCli.trustedKey());

        assertThat(v.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(v.err()).contains("verification failed: UNSIGNED: ");
    }

    @Test
    void shouldRefuseAPublicKeyForSigningWithoutPrintingKeyMaterial() throws Exception {
        final BundleCli.Result r = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key",
            BundleCli.trustedKey(), "--author", "a", "-o", tmp.resolve("x.json"));
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("error: " + BundleCli.trustedKey() + ": key '" + SIGNER_KID
            + "' has no private part\n");
        assertThat(tmp.resolve("x.json")).doesNotExist();
    }

    @Test
    void shouldRefuseAnUnsupportedKeyTypeWithoutPrintingKeyMaterial() throws Exception {
        final String secret = "c2VjcmV0LW9jdGV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA";
        final Path key = tmp.resolve("hmac.jwk.json");
        Files.writeString(key, "{\"kty\":\"oct\",\"kid\":\"hmac-1\",\"k\":\"" + secret + "\"}");

        final BundleCli.Result r = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key", key, "--author",
            "a", "-o", tmp.resolve("x.json"));

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("error: " + key + ": ").doesNotContain(secret);
        assertThat(r.out()).doesNotContain(secret);
    }

    @Test
    void shouldRefuseAMissingKeyFileAndAMalformedParent() {
        final BundleCli.Result missing = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key",
            tmp.resolve("none.json"), "--author", "a", "-o", tmp.resolve("x.json"));
        assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).isEqualTo("error: " + tmp.resolve("none.json") + ": no such file\n");

        final BundleCli.Result parent = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key",
            BundleCli.signingKey(), "--author", "a", "--parent", "abc", "-o", tmp.resolve("x.json"));
        assertThat(parent.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(parent.err()).contains("--parent must be a content hash");
    }

    @Test
    void shouldRefuseAFileThatIsNotABundle() throws Exception {
        final Path junk = tmp.resolve("junk.bin");
        Files.writeString(junk, "hello, not a bundle");
        final BundleCli.Result r = BundleCli.run("bundle", "sign", junk, "--key", BundleCli.signingKey(), "--author",
            "a", "-o", tmp.resolve("x.json"));
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(junk + ": not a bundle directory, compiled bundle");
    }

    private Path signExample() {
        final Path signed = tmp.resolve("orders.bundle.json");
        final BundleCli.Result s = BundleCli.run("bundle", "sign", BundleCli.exampleBundle(), "--key",
            BundleCli.signingKey(), "--author", "ci@example.test", "-o", signed);
        assertThat(s.exit()).as(s.toString()).isZero();
        return signed;
    }

    /** The private scalar of the test signing key, which must never appear in output. */
    private static String privateD() {
        try {
            final Matcher m = Pattern.compile("\"d\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(Files.readString(BundleCli.signingKey(), StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            return m.group(1);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The value of a {@code key: value} line. */
    private static String field(final String text, final String key) {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ":\\s+(.*)$").matcher(text);
        assertThat(m.find()).as("no '%s' line in:%n%s", key, text).isTrue();
        return m.group(1);
    }
}
