package io.bulwark.chaos.workload;

import io.bulwark.chaos.history.Consistency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions and revocations from several client processes against different nodes: create a session,
 * revoke a session or a token, check a credential at LINEARIZABLE, AT_LEAST(highest acknowledged
 * token) or LOCAL, read a session at any consistency. Operations target a small window of recent
 * credentials, so each key sees concurrent calls from several processes (what makes linearizability
 * checkable and interesting) while keeping per-key histories short enough to check exactly.
 * Bounded by {@link WorkloadSettings#duration()} and {@link WorkloadSettings#maxOpsPerProcess()}.
 */
public final class MixedWorkload {
    private static final int RECENT = 6;

    private final Calls calls;
    private final List<String> nodes;
    private final WorkloadSettings settings;
    private final List<Credential> credentials = new ArrayList<>();
    private final AtomicLong highestAckedToken = new AtomicLong(0);

    /** A workload over {@code nodes} through {@code calls}. */
    public MixedWorkload(Calls calls, List<String> nodes, WorkloadSettings settings) {
        this.calls = calls;
        this.nodes = List.copyOf(nodes);
        this.settings = settings;
    }

    /** Runs every process until the duration or op bound is reached; returns when all have stopped. */
    public void run() throws InterruptedException {
        long endNanos = System.nanoTime() + settings.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(settings.processes(), r -> {
            Thread t = new Thread(r, "chaos-client");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int p = 0; p < settings.processes(); p++) {
                final int process = p;
                pool.execute(() -> runProcess(process, endNanos));
            }
            pool.shutdown();
            Duration bound = settings.duration().plus(settings.callDeadline().multipliedBy(2)).plusSeconds(10);
            if (!pool.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("client processes did not stop within " + bound);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every credential the workload made (for the final reads). */
    public synchronized List<Credential> credentials() {
        return List.copyOf(credentials);
    }

    /** The highest consistency token any acknowledged write returned. */
    public long highestAckedToken() {
        return highestAckedToken.get();
    }

    private void runProcess(int p, long endNanos) {
        String process = Integer.toString(p);
        String node = nodes.get(p % nodes.size());
        Random random = new Random(settings.seed() * 31 + p);
        for (int i = 0; i < settings.maxOpsPerProcess() && System.nanoTime() < endNanos; i++) {
            step(process, node, random);
        }
    }

    private void step(String process, String node, Random random) {
        int roll = random.nextInt(100);
        Credential.Kind kind = random.nextBoolean() ? Credential.Kind.SESSION : Credential.Kind.TOKEN;
        if (roll < 12) {
            Credential c = add(Credential.fresh(kind, random, System.currentTimeMillis()));
            if (kind == Credential.Kind.SESSION) {
                acked(calls.createSession(process, node, c));
            } else {
                calls.check(process, node, c, Consistency.LINEARIZABLE, 0);
            }
            return;
        }
        Credential c = pick(kind, random);
        if (c == null) {
            return;
        }
        if (roll < 24) {
            acked(calls.revoke(process, node, c));
        } else if (roll < 50) {
            calls.check(process, node, c, Consistency.LINEARIZABLE, 0);
        } else if (roll < 68) {
            calls.check(process, node, c, Consistency.AT_LEAST, highestAckedToken.get());
        } else if (roll < 80) {
            calls.check(process, node, c, Consistency.LOCAL, 0);
        } else if (c.kind() == Credential.Kind.SESSION) {
            Consistency[] any = {Consistency.LINEARIZABLE, Consistency.AT_LEAST, Consistency.LOCAL};
            calls.getSession(process, node, c, any[random.nextInt(any.length)], highestAckedToken.get());
        } else {
            calls.check(process, node, c, Consistency.LINEARIZABLE, 0);
        }
    }

    private synchronized Credential add(Credential c) {
        credentials.add(c);
        return c;
    }

    /** One of the last few credentials of {@code kind}, or null if there is none yet. */
    private synchronized Credential pick(Credential.Kind kind, Random random) {
        List<Credential> recent = new ArrayList<>(RECENT);
        for (int i = credentials.size() - 1; i >= 0 && recent.size() < RECENT; i--) {
            if (credentials.get(i).kind() == kind) {
                recent.add(credentials.get(i));
            }
        }
        return recent.isEmpty() ? null : recent.get(random.nextInt(recent.size()));
    }

    private void acked(long token) {
        if (token > 0) {
            highestAckedToken.accumulateAndGet(token, Math::max);
        }
    }
}
