package io.bulwark.state.validate;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.ErrorReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldRulesTest {

    @Test
    void shouldAcceptSubjectsUpToTheByteLimit() {
        assertThat(FieldRules.subject("subject", "a".repeat(Limits.MAX_SUBJECT_BYTES))).isNull();
        assertThat(FieldRules.subject("subject", "é".repeat(Limits.MAX_SUBJECT_BYTES / 2))).isNull();
    }

    @Test
    void shouldRejectSubjectsByBytesNotChars() {
        Violation v = FieldRules.subject("subject", "é".repeat(Limits.MAX_SUBJECT_BYTES / 2 + 1));

        assertThat(v.reason()).isEqualTo(ErrorReason.FIELD_TOO_LONG);
        assertThat(v.field()).isEqualTo("subject");
    }

    @Test
    void shouldRejectMissingControlAndBrokenText() {
        assertThat(FieldRules.subject("subject", "").reason()).isEqualTo(ErrorReason.FIELD_MISSING);
        assertThat(FieldRules.subject("subject", null).reason()).isEqualTo(ErrorReason.FIELD_MISSING);
        assertThat(FieldRules.subject("subject", "a\tb").reason()).isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(FieldRules.subject("subject", "a\u0085b").reason()).isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(FieldRules.subject("subject", "a\uD800b").reason()).isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(FieldRules.subject("subject", "emoji \uD83D\uDE00")).isNull();
    }

    @Test
    void shouldCheckRequestIdAlphabetAndLength() {
        assertThat(FieldRules.requestId("request_id", "")).isNull();
        assertThat(FieldRules.requestId("request_id", "Az09._:-")).isNull();
        assertThat(FieldRules.requestId("request_id", "x".repeat(64))).isNull();
        assertThat(FieldRules.requestId("request_id", "x".repeat(65)).reason()).isEqualTo(ErrorReason.INVALID_REQUEST_ID);
        assertThat(FieldRules.requestId("request_id", "a/b").reason()).isEqualTo(ErrorReason.INVALID_REQUEST_ID);
    }

    @Test
    void shouldRequireExactHashLength() {
        assertThat(FieldRules.hash("key_hash", ByteString.copyFrom(new byte[32]))).isNull();
        assertThat(FieldRules.hash("key_hash", ByteString.EMPTY).reason()).isEqualTo(ErrorReason.FIELD_MISSING);
        assertThat(FieldRules.hash("key_hash", ByteString.copyFrom(new byte[33])).reason()).isEqualTo(ErrorReason.FIELD_MALFORMED);
    }

    @Test
    void shouldBoundExpiriesAndDurations() {
        assertThat(FieldRules.futureExpiry("expires_at_ms", 101, 100, 10)).isNull();
        assertThat(FieldRules.futureExpiry("expires_at_ms", 100, 100, 10).reason()).isEqualTo(ErrorReason.EXPIRY_IN_PAST);
        assertThat(FieldRules.futureExpiry("expires_at_ms", 111, 100, 10).reason()).isEqualTo(ErrorReason.DURATION_OUT_OF_RANGE);
        assertThat(FieldRules.durationMs("ttl_ms", 0, 1, 5).reason()).isEqualTo(ErrorReason.DURATION_OUT_OF_RANGE);
        assertThat(FieldRules.revocationReason("reason", 99).reason()).isEqualTo(ErrorReason.UNKNOWN_ENUM_VALUE);
    }
}
