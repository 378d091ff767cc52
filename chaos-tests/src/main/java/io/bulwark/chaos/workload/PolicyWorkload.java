package io.bulwark.chaos.workload;

import io.bulwark.chaos.harness.Polling;
import io.bulwark.chaos.history.Consistency;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Policy versions under faults: one client process pushes signed bundles ({@link PolicyBundles}),
 * shadows, promotes and rolls back versions through random nodes, and after each acknowledged
 * activation checks a probe credential with AT_LEAST(the activation's index) on a random node. Every
 * call is recorded ({@code stage-version}, {@code shadow-version}, {@code activate-version} with its log
 * index, {@code check} with the version and applied index it answered with), so the policy-version
 * checker judges these and every check of the mixed workload against the log of activations.
 * Rollbacks name their target version, so an activation's version is known when it is invoked.
 * Paced (about 10 calls a second at most) and bounded by the run's duration and {@link #MAX_OPS}.
 */
public final class PolicyWorkload {
    /** The history process of the policy client. */
    public static final String PROCESS = "policy";
    /** Hard bound on calls per run, whatever the duration. */
    public static final int MAX_OPS = 2_000;

    private final Calls calls;
    private final List<String> nodes;
    private final PolicyBundles bundles;
    private final WorkloadSettings settings;
    private final Random random;
    /** Version assigned to each variant once a push of it was acknowledged, 0 before. */
    private final long[] versionOf;
    /** Versions in the order their activations were acknowledged. */
    private final List<Long> activated = new ArrayList<>();
    private final Credential probe;

    /** A policy client over {@code nodes}, pushing {@code bundles}. */
    public PolicyWorkload(Calls calls, List<String> nodes, PolicyBundles bundles, WorkloadSettings settings) {
        this.calls = calls;
        this.nodes = List.copyOf(nodes);
        this.bundles = bundles;
        this.settings = settings;
        this.random = new Random(settings.seed() * 31 + 977);
        this.versionOf = new long[bundles.size()];
        this.probe = Credential.fresh(Credential.Kind.TOKEN, random, System.currentTimeMillis());
    }

    /**
     * Before faults start: pushes the first variant and promotes it, so checks answer with a version
     * from the start. Each call is recorded; retried (bounded) through other nodes.
     *
     * @throws IllegalStateException if no version could be activated within the bound
     */
    public void prepare() {
        for (int attempt = 0; attempt < 10 && activated.isEmpty(); attempt++) {
            String node = nodes.get(attempt % nodes.size());
            if (versionOf[0] == 0) {
                push(node, 0);
            }
            if (versionOf[0] != 0) {
                activate(node, versionOf[0], false);
            }
            if (activated.isEmpty()) {
                Polling.backoff();
            }
        }
        if (activated.isEmpty()) {
            throw new IllegalStateException("the policy workload could not activate a first version");
        }
    }

    /** Runs until the run's duration (from now) or {@link #MAX_OPS} is reached. */
    public void run() {
        long endNanos = System.nanoTime() + settings.duration().toNanos();
        for (int i = 0; i < MAX_OPS && System.nanoTime() < endNanos; i++) {
            step(nodes.get(random.nextInt(nodes.size())));
            Polling.backoff();
        }
    }

    private void step(String node) {
        int roll = random.nextInt(100);
        List<Long> known = knownVersions();
        if (roll < 20 || known.size() < 2) {
            push(node, random.nextInt(bundles.size()));
        } else if (roll < 35) {
            // Stop shadowing now and then; shadowing the active version is refused (recorded as fail).
            calls.shadow(PROCESS, node, random.nextInt(4) == 0 ? 0 : known.get(random.nextInt(known.size())));
        } else if (roll < 75 || activated.size() < 2) {
            activate(node, known.get(random.nextInt(known.size())), false);
        } else {
            activate(node, activated.get(random.nextInt(activated.size() - 1)), true);
        }
    }

    private void push(String node, int variant) {
        long version = calls.pushBundle(PROCESS, node, bundles.names().get(variant), bundles.signed().get(variant));
        if (version > 0) {
            versionOf[variant] = version;
        }
    }

    private void activate(String node, long version, boolean rollback) {
        long token = rollback ? calls.rollback(PROCESS, node, version) : calls.promote(PROCESS, node, version);
        if (token > 0) {
            activated.add(version);
            // Read-your-activation on any node: the answer must name this version (or a later one's, at
            // a later index), which the policy-version checker verifies against the log.
            calls.check(PROCESS, nodes.get(random.nextInt(nodes.size())), probe, Consistency.AT_LEAST, token);
        }
    }

    private List<Long> knownVersions() {
        List<Long> known = new ArrayList<>();
        for (long v : versionOf) {
            if (v > 0 && !known.contains(v)) {
                known.add(v);
            }
        }
        return known;
    }
}
