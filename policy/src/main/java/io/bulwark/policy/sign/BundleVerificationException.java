package io.bulwark.policy.sign;

/** A signed bundle was refused; {@link #reason()} says why, the message gives detail. */
public final class BundleVerificationException extends Exception {
    private final BundleRejection reason;

    public BundleVerificationException(BundleRejection reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public BundleRejection reason() {
        return reason;
    }
}
