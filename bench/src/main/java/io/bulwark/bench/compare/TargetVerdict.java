package io.bulwark.bench.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One issue #5 target and what is known about it.
 *
 * @param target   the target in words
 * @param measured what was measured, in words (or "not measured")
 * @param status   the verdict
 * @param source   where the value comes from: "this run", or a result file with its timestamp
 * @param detail   why it passed or failed, or why it was not measured
 */
record TargetVerdict(String target, String measured, Status status, String source, String detail) {

    /** PASS and FAIL are judged from measured values; nothing is ever guessed. */
    enum Status { PASS, FAIL, NOT_MEASURED }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("measured", measured);
        m.put("status", status.name());
        m.put("source", source);
        m.put("detail", detail);
        return m;
    }
}
