package io.bulwark.chaos.report;

import io.bulwark.chaos.checker.Verdict;
import io.bulwark.chaos.checker.Violation;
import io.bulwark.chaos.history.HistoryCodec;
import io.bulwark.chaos.history.Json;
import io.bulwark.chaos.history.Op;
import java.util.List;
import java.util.Map;

/** verdict.json: the overall status and each checker's verdict, violations with their ops. */
final class VerdictJson {
    private VerdictJson() {
    }

    static Verdict.Status overall(List<Verdict> verdicts) {
        Verdict.Status result = Verdict.Status.VALID;
        for (Verdict v : verdicts) {
            if (v.status() == Verdict.Status.INVALID) {
                return Verdict.Status.INVALID;
            }
            if (v.status() == Verdict.Status.UNKNOWN) {
                result = Verdict.Status.UNKNOWN;
            }
        }
        return result;
    }

    static String render(String run, List<Verdict> verdicts) {
        StringBuilder b = new StringBuilder(4096);
        Json.quote(b.append("{\n  \"run\": "), run);
        Json.quote(b.append(",\n  \"status\": "), overall(verdicts).name());
        b.append(",\n  \"checkers\": [");
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            b.append(i == 0 ? "\n" : ",\n");
            Json.quote(b.append("    {\"checker\": "), v.checker());
            Json.quote(b.append(", \"status\": "), v.status().name());
            Json.quote(b.append(", \"note\": "), v.note());
            b.append(", \"numbers\": {");
            int n = 0;
            for (Map.Entry<String, Long> e : v.numbers().entrySet()) {
                Json.quote(b.append(n++ == 0 ? "" : ", "), e.getKey()).append(": ").append(e.getValue());
            }
            b.append("}, \"violations\": [");
            for (int j = 0; j < v.violations().size(); j++) {
                Violation viol = v.violations().get(j);
                b.append(j == 0 ? "\n" : ",\n");
                Json.quote(b.append("      {\"kind\": "), viol.kind());
                Json.quote(b.append(", \"key\": "), viol.key());
                Json.quote(b.append(", \"message\": "), viol.message());
                b.append(", \"ops\": [");
                for (int k = 0; k < viol.ops().size(); k++) {
                    Op op = viol.ops().get(k);
                    b.append(k == 0 ? "\n        " : ",\n        ").append(HistoryCodec.encode(op));
                }
                b.append("]}");
            }
            b.append(v.violations().isEmpty() ? "]}" : "\n    ]}");
        }
        return b.append("\n  ]\n}\n").toString();
    }
}
