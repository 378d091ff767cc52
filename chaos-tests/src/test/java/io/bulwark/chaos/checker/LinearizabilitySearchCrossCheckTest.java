package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the Wing–Gong/Lowe search against a brute-force enumeration of every real-time
 * respecting order on thousands of small random register histories, many of them not
 * linearizable, so a pruning bug shows up as a disagreement.
 */
class LinearizabilitySearchCrossCheckTest {
    private static final String[] VALUES = {null, "1", "2"};

    @Test
    void shouldAgreeWithBruteForceOnSmallRandomHistories() {
        Random rnd = new Random(20261129);
        RegisterModel model = new RegisterModel();
        int linearizable = 0;
        int not = 0;
        for (int round = 0; round < 3000; round++) {
            History h = randomHistory(rnd);
            List<Call> calls = LinearizabilityChecker.relevant(model, h.calls());
            boolean expected = bruteForce(model, calls, new boolean[calls.size()], model.initial());
            LinearizabilitySearch.Result got = LinearizabilitySearch.search(model, calls, 1_000_000).result();
            assertThat(got).as("history %s", h.ops()).isEqualTo(expected
                    ? LinearizabilitySearch.Result.LINEARIZABLE : LinearizabilitySearch.Result.NOT_LINEARIZABLE);
            if (expected) {
                linearizable++;
            } else {
                not++;
            }
        }
        // Both answers must be well represented, or the comparison proves little.
        assertThat(linearizable).isGreaterThan(500);
        assertThat(not).isGreaterThan(500);
    }

    private static History randomHistory(Random rnd) {
        List<Op> ops = new ArrayList<>();
        int processes = 2 + rnd.nextInt(2);
        for (int p = 0; p < processes; p++) {
            long t = rnd.nextInt(4);
            int calls = 1 + rnd.nextInt(3);
            for (int i = 0; i < calls; i++) {
                boolean write = rnd.nextBoolean();
                String process = Integer.toString(p);
                Op inv = write ? Op.invoke(process, Fn.WRITE, "k", VALUES[1 + rnd.nextInt(2)], t)
                        : Op.invoke(process, Fn.READ, "k", null, t).withConsistency(Consistency.LINEARIZABLE);
                long end = t + rnd.nextInt(6);
                int fate = rnd.nextInt(10);
                OpType type = fate == 0 ? OpType.FAIL : fate == 1 ? OpType.INFO : OpType.OK;
                ops.add(inv);
                if (fate == 2 && i == calls - 1) {
                    break; // never completes
                }
                ops.add(Op.complete(inv, type, write || type != OpType.OK ? null : VALUES[rnd.nextInt(3)], end));
                t = end + rnd.nextInt(3);
            }
        }
        ops.sort(Comparator.comparingLong(Op::timeNanos));
        History.Builder b = History.builder();
        for (Op op : ops) {
            b.add(op);
        }
        return b.build();
    }

    /** Is there an order of the unplaced calls, starting in {@code state}, that explains them all? */
    private static boolean bruteForce(RegisterModel m, List<Call> calls, boolean[] placed, RegisterModel.Value state) {
        boolean allDeterminatePlaced = true;
        for (int i = 0; i < calls.size(); i++) {
            if (!placed[i] && !calls.get(i).isIndeterminate()) {
                allDeterminatePlaced = false;
            }
        }
        if (allDeterminatePlaced) {
            return true;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (placed[i] || !mayGoNext(calls, placed, i) || !m.allowed(state, calls.get(i))) {
                continue;
            }
            placed[i] = true;
            boolean ok = bruteForce(m, calls, placed, m.apply(state, calls.get(i)));
            placed[i] = false;
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** No unplaced call completed strictly before call {@code i} was invoked. */
    private static boolean mayGoNext(List<Call> calls, boolean[] placed, int i) {
        for (int j = 0; j < calls.size(); j++) {
            if (j != i && !placed[j] && calls.get(j).endNanos() < calls.get(i).startNanos()) {
                return false;
            }
        }
        return true;
    }
}
