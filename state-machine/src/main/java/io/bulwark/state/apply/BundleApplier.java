package io.bulwark.state.apply;

import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.BundleVersionState;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.VerifiedBundle;
import io.bulwark.replication.v1.BundlePointers;
import io.bulwark.replication.v1.BundleVersionRecord;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PromoteBundle;
import io.bulwark.replication.v1.PutBundleVersion;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.RollbackBundle;
import io.bulwark.replication.v1.SetBundleShadow;
import io.bulwark.state.bundle.Admission;
import io.bulwark.state.bundle.BundleAdmission;
import io.bulwark.state.bundle.BundleRows;
import io.bulwark.state.validate.Limits;

/**
 * Bundle versions: push (verify again, store immutable, prune), shadow, promote, rollback. Every
 * change appends an activation event to the bounded history. Rules:
 * <ul>
 *   <li>push is idempotent by content hash: an already stored hash answers with its version;</li>
 *   <li>the active version cannot be shadowed; shadow 0 stops shadowing;</li>
 *   <li>promote 0 promotes the shadowed version; promoting the active version changes nothing; a
 *       promoted shadow stops being shadowed; the version it replaces becomes the rollback target;</li>
 *   <li>rollback 0 reactivates the rollback target (so two rollbacks in a row return to the start);</li>
 *   <li>pruning keeps the newest {@code versionsKeep} versions but never the active, shadowed or
 *       rollback-target version.</li>
 * </ul>
 */
final class BundleApplier {
    private final BundleRows rows;
    private final BundleAdmission admission;
    private final int versionsKeep;

    BundleApplier(BundleRows rows, BundleAdmission admission, int versionsKeep) {
        this.rows = rows;
        this.admission = admission;
        this.versionsKeep = versionsKeep;
    }

    CommandResult put(long index, long nowMs, String actor, PutBundleVersion cmd) {
        if (cmd.getSignedBundle().size() > Limits.MAX_BUNDLE_BYTES) {
            return Results.reject(index, ResultCode.RESULT_BUNDLE_TOO_LARGE,
                    "signed bundle of " + cmd.getSignedBundle().size() + " bytes exceeds " + Limits.MAX_BUNDLE_BYTES);
        }
        // Verified again at apply: the same keys on every replica give the same outcome.
        Admission a = admission.admit(cmd.getSignedBundle().toByteArray());
        if (!a.ok()) {
            return Results.reject(index, a.code(), a.detail());
        }
        VerifiedBundle v = a.verified();
        BundleMetadata m = v.metadata();
        if (!v.contentHash().equals(cmd.getContentHash()) || !m.name().equals(cmd.getName())
                || !m.author().equals(cmd.getAuthor()) || !m.parent().equals(cmd.getParentHash())
                || m.createdMs() != cmd.getSignedAtMs() || !v.signerKid().equals(cmd.getSigningKeyId())) {
            return Results.reject(index, ResultCode.RESULT_INVALID, "command metadata does not match the signed bundle");
        }
        BundlePointers p = rows.pointers();
        BundleVersionRecord existing = rows.versionByHash(v.contentHash());
        if (existing != null) {
            return withPointers(index, p).setBundle(BundleRows.view(existing, p)).build();
        }
        long version = p.getLastVersion() + 1;
        BundleVersionRecord record = BundleVersionRecord.newBuilder()
                .setMeta(BundleVersion.newBuilder()
                        .setVersion(version)
                        .setContentHash(v.contentHash())
                        .setName(m.name())
                        .setAuthor(m.author())
                        .setParentHash(m.parent())
                        .setSignedAtMs(m.createdMs())
                        .setSigningKeyId(v.signerKid())
                        .setPushedBy(actor)
                        .setPushedAtMs(nowMs)
                        .setPushedIndex(index))
                .setSignedBundle(cmd.getSignedBundle())
                .build();
        rows.putVersion(record);
        BundlePointers.Builder np = p.toBuilder().setLastVersion(version);
        addEvent(np, ActivationEvent.Action.ACTION_PUSH, version, actor, nowMs, index);
        prune(np);
        BundlePointers after = np.build();
        rows.setPointers(after);
        return withPointers(index, after).setBundle(BundleRows.view(record, after)).build();
    }

    CommandResult shadow(long index, long nowMs, String actor, SetBundleShadow cmd) {
        BundlePointers p = rows.pointers();
        long version = cmd.getVersion();
        if (version == p.getShadow()) {
            return withPointers(index, p).build();
        }
        if (version != 0) {
            if (rows.version(version) == null) {
                return notFound(index, version);
            }
            if (version == p.getActive()) {
                return Results.reject(index, ResultCode.RESULT_INVALID, "version " + version + " is active; it cannot be shadowed");
            }
        }
        BundlePointers.Builder np = p.toBuilder().setShadow(version);
        addEvent(np, version == 0 ? ActivationEvent.Action.ACTION_UNSHADOW : ActivationEvent.Action.ACTION_SHADOW,
                version == 0 ? p.getShadow() : version, actor, nowMs, index);
        return commit(index, np);
    }

    CommandResult promote(long index, long nowMs, String actor, PromoteBundle cmd) {
        BundlePointers p = rows.pointers();
        long target = cmd.getVersion() == 0 ? p.getShadow() : cmd.getVersion();
        if (target == 0) {
            return Results.reject(index, ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND, "no version is shadowed, name one to promote");
        }
        if (rows.version(target) == null) {
            return notFound(index, target);
        }
        if (!cmd.getExpectedActiveHash().isEmpty()) {
            BundleVersionRecord active = rows.version(p.getActive());
            String activeHash = active == null ? "" : active.getMeta().getContentHash();
            if (!activeHash.equals(cmd.getExpectedActiveHash())) {
                return Results.reject(index, ResultCode.RESULT_ACTIVE_HASH_MISMATCH, "the active content hash is "
                        + (activeHash.isEmpty() ? "none" : activeHash) + ", not " + cmd.getExpectedActiveHash());
            }
        }
        return activate(index, nowMs, actor, p, target, ActivationEvent.Action.ACTION_PROMOTE);
    }

    CommandResult rollback(long index, long nowMs, String actor, RollbackBundle cmd) {
        BundlePointers p = rows.pointers();
        long target = cmd.getToVersion() == 0 ? p.getPrevious() : cmd.getToVersion();
        if (target == 0) {
            return Results.reject(index, ResultCode.RESULT_NO_PREVIOUS_VERSION, "no version was active before the current one");
        }
        if (rows.version(target) == null) {
            return notFound(index, target);
        }
        return activate(index, nowMs, actor, p, target, ActivationEvent.Action.ACTION_ROLLBACK);
    }

    /** The active and shadowed versions under the current pointers (for replies to duplicates). */
    CommandResult.Builder current(CommandResult.Builder out) {
        BundlePointers p = rows.pointers();
        setViews(out, p);
        return out;
    }

    /** The stored version with {@code contentHash} under the current pointers, or null. */
    BundleVersion byHash(String contentHash) {
        BundleVersionRecord r = rows.versionByHash(contentHash);
        return r == null ? null : BundleRows.view(r, rows.pointers());
    }

    private CommandResult activate(long index, long nowMs, String actor, BundlePointers p, long target,
                                   ActivationEvent.Action action) {
        if (target == p.getActive()) {
            return withPointers(index, p).build();
        }
        BundlePointers.Builder np = p.toBuilder().setActive(target);
        if (p.getActive() != 0) {
            np.setPrevious(p.getActive());
            BundleVersionRecord old = rows.version(p.getActive());
            if (old != null) {
                rows.putVersion(old.toBuilder().setMeta(old.getMeta().toBuilder()
                        .setState(BundleVersionState.BUNDLE_VERSION_STATE_RETIRED)).build());
            }
        }
        if (p.getShadow() == target) {
            np.setShadow(0);
        }
        addEvent(np, action, target, actor, nowMs, index);
        return commit(index, np);
    }

    private CommandResult commit(long index, BundlePointers.Builder np) {
        BundlePointers after = np.build();
        rows.setPointers(after);
        return withPointers(index, after).build();
    }

    private void addEvent(BundlePointers.Builder np, ActivationEvent.Action action, long version, String actor,
                          long nowMs, long index) {
        long seq = np.getLastEvent() + 1;
        np.setLastEvent(seq);
        rows.addEvent(seq, ActivationEvent.newBuilder()
                .setAction(action)
                .setVersion(version)
                .setActor(actor)
                .setAtMs(nowMs)
                .setIndex(index)
                .build());
        if (seq > Limits.MAX_BUNDLE_HISTORY) {
            rows.removeEvent(seq - Limits.MAX_BUNDLE_HISTORY);
        }
    }

    /** Drops the oldest versions beyond the bound, never the active, shadowed or previous one. */
    private void prune(BundlePointers.Builder np) {
        long excess = rows.versionCount() - versionsKeep;
        if (excess <= 0) {
            return;
        }
        for (long v : rows.versionNumbers()) {
            if (excess <= 0) {
                break;
            }
            if (v != np.getActive() && v != np.getShadow() && v != np.getPrevious() && v != np.getLastVersion()) {
                rows.removeVersion(v);
                excess--;
            }
        }
    }

    private CommandResult.Builder withPointers(long index, BundlePointers p) {
        CommandResult.Builder out = Results.ok(index);
        setViews(out, p);
        return out;
    }

    private void setViews(CommandResult.Builder out, BundlePointers p) {
        BundleVersion active = rows.view(p.getActive(), p);
        if (active != null) {
            out.setActiveBundle(active);
        }
        BundleVersion shadow = rows.view(p.getShadow(), p);
        if (shadow != null) {
            out.setShadowBundle(shadow);
        }
    }

    private static CommandResult notFound(long index, long version) {
        return Results.reject(index, ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND, "bundle version " + version + " is not stored");
    }
}
