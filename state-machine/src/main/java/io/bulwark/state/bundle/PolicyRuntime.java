package io.bulwark.state.bundle;

import io.bulwark.replication.v1.BundlePointers;
import io.bulwark.replication.v1.BundleVersionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * The compiled active and shadowed versions a check uses, published together behind one volatile
 * field so a check reads one consistent pair. Refreshed by the apply thread after a batch that
 * touched bundles (before the applied index moves, so an AT_LEAST reader sees the new version) and
 * after a snapshot load. Derived state: never digested or snapshotted.
 */
public final class PolicyRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRuntime.class);

    /**
     * What checks use now. {@code active}/{@code shadow} are null when no version is set (or, after
     * a failure logged at refresh, when the stored version could not be compiled on this node).
     * {@code publishedAtIndex} is the log index of the batch (or snapshot) whose apply published this
     * pair: the log has {@code activeVersion} active at that index. It is published before the applied
     * index moves to it, so a check that read the applied index first may see a pair newer than that
     * index; it then reports this index instead (see {@code PolicyCheck}).
     */
    public record Current(long activeVersion, LoadedBundle active, String activeLabel,
                          long shadowVersion, LoadedBundle shadow, long publishedAtIndex) {
        static final Current EMPTY = new Current(0, null, "", 0, null, 0);
    }

    private final BundleAdmission admission;
    private final ShadowStats shadowStats = new ShadowStats();
    private volatile Current current = Current.EMPTY;

    public PolicyRuntime(BundleAdmission admission) {
        this.admission = admission;
    }

    /** One volatile read: the pair a check evaluates against. */
    public Current current() {
        return current;
    }

    public ShadowStats shadowStats() {
        return shadowStats;
    }

    public BundleAdmission admission() {
        return admission;
    }

    /**
     * Re-reads the pointers from {@code rows} as they are after applying log index {@code index};
     * compiles a newly referenced version once. Apply thread only.
     */
    public void refresh(BundleRows rows, long index) {
        BundlePointers p = rows.pointers();
        Current c = current;
        if (p.getActive() == c.activeVersion() && p.getShadow() == c.shadowVersion()) {
            return;
        }
        LoadedBundle active = p.getActive() == c.activeVersion() ? c.active() : load(rows, p.getActive());
        LoadedBundle shadow = p.getShadow() == c.shadowVersion() ? c.shadow() : load(rows, p.getShadow());
        if (p.getShadow() != shadowStats.shadowVersion()) {
            shadowStats.reset(p.getShadow());
        }
        current = new Current(p.getActive(), active, p.getActive() == 0 ? "" : Long.toString(p.getActive()),
                p.getShadow(), shadow, index);
        Set<String> stored = new HashSet<>();
        for (long v : rows.versionNumbers()) {
            stored.add(rows.version(v).getMeta().getContentHash());
        }
        admission.retainOnly(stored);
    }

    /** Forgets everything (before a snapshot load). */
    public void clear() {
        current = Current.EMPTY;
        shadowStats.reset(0);
    }

    private LoadedBundle load(BundleRows rows, long version) {
        if (version == 0) {
            return null;
        }
        BundleVersionRecord r = rows.version(version);
        if (r == null) {
            LOG.error("bundle version {} is referenced but not stored", version);
            return null;
        }
        try {
            return admission.loadStored(r.getMeta().getContentHash(), r.getSignedBundle().toByteArray());
        } catch (Exception e) {
            LOG.error("bundle version {} ({}) cannot be compiled on this node: {}", version,
                    r.getMeta().getContentHash(), e.getMessage());
            return null;
        }
    }
}
