package io.bulwark.state.validate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HashesTest {

    @Test
    void shouldMatchKnownSha256Vector() {
        assertThat(Hashes.toRef(Hashes.sessionHash("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldHashTokenAsIssuerZeroTokenId() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] expected = md.digest("https://iss\u0000jti-1".getBytes(StandardCharsets.UTF_8));

        assertThat(Hashes.tokenHash("https://iss", "jti-1")).isEqualTo(expected);
        assertThat(Hashes.tokenHash("https://iss", "jti-1")).isNotEqualTo(Hashes.tokenHash("https://is", "sjti-1"));
    }

    @Test
    void shouldEncodeLikeTheJdkForAnyString() throws Exception {
        Random rnd = new Random(7);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[rnd.nextInt(700)];
            for (int j = 0; j < chars.length; j++) {
                // ASCII, 2-byte, 3-byte, and surrogates (paired or not)
                chars[j] = switch (rnd.nextInt(4)) {
                    case 0 -> (char) rnd.nextInt(0x80);
                    case 1 -> (char) (0x80 + rnd.nextInt(0x780));
                    case 2 -> (char) (0x800 + rnd.nextInt(0xD000));
                    default -> (char) (0xD800 + rnd.nextInt(0x800));
                };
            }
            String s = new String(chars);
            byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.encodedLength(s)).isEqualTo(jdk.length);
            assertThat(Hashes.subjectHash(s)).isEqualTo(md.digest(jdk));
        }
    }

    @Test
    void shouldRoundTripRefsAndRejectMalformedOnes() {
        byte[] h = Hashes.apiKeyHash("key-1");

        assertThat(Hashes.fromRef(Hashes.toRef(h))).isEqualTo(h);
        assertThat(Hashes.fromRef(Hashes.toRef(h).toUpperCase())).isNull();
        assertThat(Hashes.fromRef("abc")).isNull();
        assertThat(Hashes.fromRef(null)).isNull();
        assertThat(Hashes.fromRef("g".repeat(64))).isNull();
    }

    @Test
    void shouldScopeRequestHashByActor() {
        assertThat(Hashes.requestHash("a", "r")).isNotEqualTo(Hashes.requestHash("b", "r"));
    }
}
