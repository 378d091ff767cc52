package io.bulwark.chaos.testing;

import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Produces a linearizable history by simulating real registers with concurrent clients: each call
 * is invoked, later takes effect atomically on the register (its linearization point), later
 * completes. Some calls are lost (info, took effect or not) or fail (did not take effect).
 * Deterministic for a seed.
 */
public final class RegisterSimulation {
    private RegisterSimulation() {
    }

    private static final class Pending {
        Op invoke;
        boolean applied;
        boolean doomed; // completes with fail (and never applies) or info
        OpType doomType;
        String readValue;
    }

    /** {@code calls} calls by {@code processes} clients over {@code keys} keys. */
    public static History run(long seed, int processes, int keys, int calls) {
        Random rnd = new Random(seed);
        Map<String, String> registers = new HashMap<>();
        Pending[] pending = new Pending[processes];
        History.Builder b = History.builder();
        long now = 0;
        int invoked = 0;
        int writeSeq = 0;
        int outstanding = 0;
        while (invoked < calls || outstanding > 0) {
            now += 1 + rnd.nextInt(1000);
            int p = rnd.nextInt(processes);
            String process = Integer.toString(p);
            Pending c = pending[p];
            if (c == null) {
                if (invoked == calls) {
                    continue;
                }
                String key = "k" + rnd.nextInt(keys);
                boolean write = rnd.nextInt(3) == 0;
                c = new Pending();
                Op inv = write ? Op.invoke(process, Fn.WRITE, key, "v" + (writeSeq++), now)
                        : Op.invoke(process, Fn.READ, key, null, now).withConsistency(Consistency.LINEARIZABLE);
                c.invoke = b.add(inv.withNode("n" + rnd.nextInt(3)));
                int fate = rnd.nextInt(100);
                if (fate < 2) {
                    c.doomed = true;
                    c.doomType = OpType.FAIL;
                } else if (fate < 5) {
                    c.doomed = true;
                    c.doomType = OpType.INFO;
                }
                pending[p] = c;
                invoked++;
                outstanding++;
            } else if (!c.applied && !(c.doomed && c.doomType == OpType.FAIL) && rnd.nextBoolean()) {
                // The linearization point.
                String key = c.invoke.key();
                if (c.invoke.f() == Fn.WRITE) {
                    registers.put(key, c.invoke.value());
                } else {
                    c.readValue = registers.get(key);
                }
                c.applied = true;
            } else if (c.applied || c.doomed) {
                OpType type = c.doomed ? c.doomType : OpType.OK;
                if (type == OpType.INFO && !c.applied && rnd.nextBoolean()) {
                    continue; // a lost call may still take effect later
                }
                String answer = type == OpType.OK && c.invoke.f() == Fn.READ ? c.readValue : null;
                b.add(Op.complete(c.invoke, type, answer, now).withNode(c.invoke.node()));
                pending[p] = null;
                outstanding--;
            }
        }
        return b.build();
    }
}
