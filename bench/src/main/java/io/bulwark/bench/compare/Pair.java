package io.bulwark.bench.compare;

/**
 * Two workloads measured in alternation (A B A B …) at one concurrency, so that a machine that gets
 * busier or quieter during the run moves both and their ratio survives.
 *
 * @param id       stable identifier, e.g. {@code check-local-vs-etcd-get-64}
 * @param a        Bulwark's side
 * @param b        the peer's side
 * @param inFlight requests kept outstanding by each side
 * @param note     what the pair shows, or why it has no target
 */
record Pair(String id, Side a, Side b, int inFlight, String note) {
}
