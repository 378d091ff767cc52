package io.bulwark.cli.options;

import io.bulwark.api.v1.RevocationReason;
import picocli.CommandLine.Option;

import java.util.Locale;

/** {@code --reason}: why a credential is revoked, kept for audit. */
public final class ReasonOption {
    /** The reasons an operator may give. */
    public enum Reason {
        /** The user logged out. */
        LOGOUT(RevocationReason.REVOCATION_REASON_LOGOUT),
        /** The credential leaked or is suspected to. */
        COMPROMISED(RevocationReason.REVOCATION_REASON_COMPROMISED),
        /** An operator decided. */
        ADMINISTRATIVE(RevocationReason.REVOCATION_REASON_ADMINISTRATIVE),
        /** A policy required it. */
        POLICY(RevocationReason.REVOCATION_REASON_POLICY),
        /** Replaced by a new credential. */
        ROTATED(RevocationReason.REVOCATION_REASON_ROTATED);

        final RevocationReason proto;

        Reason(final RevocationReason proto) {
            this.proto = proto;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--reason", paramLabel = "<reason>", defaultValue = "administrative",
        description = "Why: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Reason reason;

    /** The wire value. */
    public RevocationReason toProto() {
        return reason.proto;
    }
}
