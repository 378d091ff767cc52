package io.bulwark.bench.compare;

import io.bulwark.bench.load.Operation;

/**
 * One half of a pair: a workload on one system.
 *
 * @param id          stable identifier used in the JSON (e.g. {@code etcd-serializable-get})
 * @param label       what one operation is, for the table
 * @param system      which server group serves it (the key of its PIDs, e.g. {@code bulwark}, {@code etcd})
 * @param operation   issues one request
 * @param beforeEach  run before every repetition, unmeasured (e.g. etcd's compact + defragment)
 */
record Side(String id, String label, String system, Operation operation, Preparation beforeEach) {

    /** Work done before a repetition's warm-up; may write to the system under test. */
    @FunctionalInterface
    interface Preparation {
        Preparation NONE = () -> { };

        void run() throws Exception;
    }
}
