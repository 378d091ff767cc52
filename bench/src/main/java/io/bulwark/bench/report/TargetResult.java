package io.bulwark.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One project target (issue #5) against what was measured.
 *
 * @param id          stable name other tools look up (e.g. {@code failover_first_write})
 * @param description the target in words
 * @param measured    the value measured (or extrapolated: see {@code basis}); NaN when not measured
 * @param unit        unit of {@code measured} and {@code limit} (e.g. {@code ms}, {@code MB}, {@code ns/op})
 * @param limit       the target's bound; a value passes when {@code measured <= limit}
 * @param basis       {@code measured}, or how the value was derived (e.g. {@code extrapolated from ...})
 * @param note        how it was measured, or why it was missed; may be empty
 */
public record TargetResult(String id, String description, double measured, String unit, double limit,
                           String basis, String note) {

    /** True when measured and within the limit. */
    public boolean pass() {
        return !Double.isNaN(measured) && measured <= limit;
    }

    /** The row as the JSON files carry it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("description", description);
        m.put("measured", Double.isNaN(measured) ? null : measured);
        m.put("unit", unit);
        m.put("limit", limit);
        m.put("comparison", "<=");
        m.put("pass", pass());
        m.put("basis", basis);
        m.put("note", note);
        return m;
    }
}
