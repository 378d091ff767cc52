package io.bulwark.cli.bundle;

import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.BundleVersionState;
import io.bulwark.cli.output.Printer;
import io.bulwark.cli.output.TextBlock;
import io.bulwark.client.WriteReceipt;

import java.util.Locale;

/** Text renderings of bundle versions and activation results shared by the cluster verbs. */
final class VersionText {
    private VersionText() {
    }

    /** {@code staged}, {@code shadow}, {@code active}, {@code retired}. */
    static String state(final BundleVersionState s) {
        return s == BundleVersionState.BUNDLE_VERSION_STATE_UNSPECIFIED ? "-"
            : s.name().replace("BUNDLE_VERSION_STATE_", "").toLowerCase(Locale.ROOT);
    }

    /** {@code push}, {@code shadow}, {@code unshadow}, {@code promote}, {@code rollback}. */
    static String action(final ActivationEvent.Action a) {
        return a == ActivationEvent.Action.ACTION_UNSPECIFIED ? "-"
            : a.name().replace("ACTION_", "").toLowerCase(Locale.ROOT);
    }

    /** One line: {@code v2 sha256:… orders by ci@example.test}, or {@code none}. */
    static String oneLine(final boolean present, final BundleVersion v) {
        if (!present || v.getVersion() == 0) {
            return "none";
        }
        return "v" + v.getVersion() + " " + v.getContentHash() + " " + v.getName() + " by " + dash(v.getAuthor());
    }

    /** Every field of one version as {@code key: value} lines. */
    static void details(final TextBlock t, final BundleVersion v) {
        t.kv("version", v.getVersion()).kv("content_hash", v.getContentHash()).kv("state", state(v.getState()))
            .kv("bundle", dash(v.getName())).kv("author", dash(v.getAuthor())).kv("parent", dash(v.getParentHash()))
            .kv("signed_at", Printer.time(v.getSignedAtMs())).kv("key_id", dash(v.getSigningKeyId()))
            .kv("pushed_by", dash(v.getPushedBy())).kv("pushed_at", Printer.time(v.getPushedAtMs()));
    }

    /** The result of shadow, promote and rollback: both pointers and the consistency token. */
    static void activation(final TextBlock t, final WriteReceipt<BundleActivationResponse> r) {
        final BundleActivationResponse a = r.response();
        t.kv("active", oneLine(a.hasActive(), a.getActive())).kv("shadow", oneLine(a.hasShadow(), a.getShadow()));
        receipt(t, r);
    }

    /** The write's consistency token, duplicate flag and request id. */
    static void receipt(final TextBlock t, final WriteReceipt<?> r) {
        t.kv("applied_index", r.appliedIndex()).kv("duplicate", r.duplicate()).kv("request_id", r.requestId());
    }

    static String dash(final String s) {
        return s.isEmpty() ? "-" : s;
    }
}
