package io.bulwark.node.config;

import io.bulwark.policy.sign.KeyFiles;
import io.bulwark.state.StateConfig;
import io.bulwark.state.bundle.PolicySettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link NodeConfig} from properties and validates it once ({@code conclude()}-style): every
 * problem found is collected and reported together, each naming its key, so an operator fixes a
 * config in one pass. Unknown keys are errors too: a typo must not silently fall back to a default.
 */
public final class NodeConfigReader {

    /**
     * Default of {@code writes.batch.max.in.flight}: one batch replicating per node, so every write
     * that arrives meanwhile leaves in the next entry. Measured against 2 and 4 on 3 nodes (2-core box):
     * 6.1k/s against 5.2k/s and 4.8k/s revokes at 64 in flight, the same within noise at 256.
     */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 1;
    /** The test-only switch that breaks LINEARIZABLE reads on purpose (see {@link NodeConfig}). */
    public static final String UNSAFE_LINEARIZABLE_READS_LOCAL = "testing.unsafe.linearizable.reads.local";

    /** Every key this reader understands. */
    static final Set<String> KNOWN_KEYS = Set.of(
            "node.id", "cluster.name", "cluster.peers", "cluster.join", "data.dir", "api.listen",
            "raft.election.timeout.min", "raft.election.timeout.max", "raft.rpc.request.timeout",
            "raft.snapshot.auto.threshold", "raft.snapshot.auto.log.percent", "raft.snapshot.retain", "raft.log.segment.size.max", "raft.log.purge.gap", "raft.appender.wait.min",
            "reads.max.staleness", "reads.stale.mode", "reads.wait.max",
            "writes.batch.max.commands", "writes.batch.max.bytes", "writes.batch.linger", "writes.batch.max.in.flight", "writes.timeout",
            "limits.request.max.bytes", "sessions.ttl.min", "sessions.ttl.max", "revocations.retention.default",
            "purge.interval", "shutdown.grace",
            "tables.sessions.capacity", "tables.revocations.capacity", "tables.subjects.capacity",
            "tables.requests.capacity", "tables.sessions.per.subject.max", "requests.retention",
            "policy.trusted.keys", "policy.versions.keep", "policy.token.cache.size",
            UNSAFE_LINEARIZABLE_READS_LOCAL);

    private final Properties props;
    private final List<String> errors = new ArrayList<>();

    private NodeConfigReader(Properties props) {
        this.props = props;
    }

    /** Reads and validates a properties file (UTF-8). */
    public static NodeConfig read(Path file) throws IOException {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return fromProperties(p, file.toAbsolutePath().getParent());
    }

    /**
     * Validates {@code props}; a relative {@code data.dir} is resolved against {@code baseDir}.
     *
     * @throws InvalidConfigException listing every problem found
     */
    public static NodeConfig fromProperties(Properties props, Path baseDir) {
        return new NodeConfigReader(props).conclude(baseDir);
    }

    private NodeConfig conclude(Path baseDir) {
        final Set<String> unknown = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (!KNOWN_KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        for (String key : unknown) {
            errors.add(key + ": unknown key");
        }

        final String nodeId = required("node.id");
        final String clusterName = required("cluster.name");
        final List<PeerSpec> peers = peers();
        final String dataDirText = required("data.dir");
        Path dataDir = null;
        if (dataDirText != null) {
            final Path d = Path.of(dataDirText);
            dataDir = d.isAbsolute() || baseDir == null ? d : baseDir.resolve(d).normalize();
        }
        PeerSpec self = null;
        if (nodeId != null && peers != null) {
            for (PeerSpec p : peers) {
                if (p.id().equals(nodeId)) {
                    self = p;
                }
            }
            if (self == null) {
                errors.add("node.id: '" + nodeId + "' is not one of the cluster.peers ids");
            }
        }
        HostPort apiListen = self == null ? null : self.apiAddress();
        final String apiText = props.getProperty("api.listen");
        if (apiText != null) {
            try {
                apiListen = HostPort.parse(apiText);
            } catch (IllegalArgumentException e) {
                errors.add("api.listen: " + e.getMessage());
            }
        }

        final Duration electionMin = duration("raft.election.timeout.min", Duration.ofSeconds(1));
        final Duration electionMax = duration("raft.election.timeout.max", Duration.ofMillis(1250));
        if (electionMin != null && electionMax != null) {
            atLeast("raft.election.timeout.min", electionMin, Duration.ofMillis(100));
            if (electionMax.compareTo(electionMin) <= 0) {
                errors.add("raft.election.timeout.max: must be greater than raft.election.timeout.min ("
                        + DurationText.format(electionMin) + "), was " + DurationText.format(electionMax));
            }
        }
        final Duration rpcTimeout = positive("raft.rpc.request.timeout", Duration.ofSeconds(3));
        final long snapshotThreshold = longValue("raft.snapshot.auto.threshold", 10_000, 1, Long.MAX_VALUE);
        final long snapshotLogPercent = longValue("raft.snapshot.auto.log.percent", 50, 0, 10_000);
        final int snapshotRetain = (int) longValue("raft.snapshot.retain", 2, 1, 100);
        final long segmentMax = longValue("raft.log.segment.size.max", 8L << 20, 64L << 10, 1L << 30);
        final int purgeGap = (int) longValue("raft.log.purge.gap", 1024, 1, Integer.MAX_VALUE);
        final Duration appenderWaitMin = duration("raft.appender.wait.min", Duration.ZERO);
        if (appenderWaitMin != null && (appenderWaitMin.isNegative() || appenderWaitMin.compareTo(Duration.ofMillis(100)) > 0)) {
            errors.add("raft.appender.wait.min: must be 0-100ms, was " + DurationText.format(appenderWaitMin));
        }

        final Duration maxStaleness = positive("reads.max.staleness", Duration.ofSeconds(5));
        StaleMode staleMode = StaleMode.REFUSE;
        final String modeText = props.getProperty("reads.stale.mode");
        if (modeText != null) {
            try {
                staleMode = StaleMode.parse(modeText);
            } catch (IllegalArgumentException e) {
                errors.add("reads.stale.mode: " + e.getMessage());
            }
        }
        final Duration waitMax = positive("reads.wait.max", Duration.ofSeconds(5));

        final int batchMaxCommands = (int) longValue("writes.batch.max.commands", 256, 1, 10_000);
        // Capped at 2 MiB: a Raft entry must fit Ratis' appender buffer (4 MiB) and a log segment.
        final int batchMaxBytes = (int) longValue("writes.batch.max.bytes", 1 << 20, 64 << 10, 2 << 20);
        final Duration linger = duration("writes.batch.linger", Duration.ofMillis(1));
        if (linger != null && (linger.isNegative() || linger.compareTo(Duration.ofMillis(100)) > 0)) {
            errors.add("writes.batch.linger: must be 0-100ms, was " + DurationText.format(linger));
        }
        // Few batches in flight make each one big: at 64 in flight the node used to send one entry per
        // write (3.6k entries/s, ~16 ms each); Ratis admits 100 outstanding async requests per client.
        final int batchMaxInFlight = (int) longValue("writes.batch.max.in.flight", DEFAULT_BATCHES_IN_FLIGHT, 1, 64);
        if (segmentMax < batchMaxBytes) {
            errors.add("raft.log.segment.size.max: must be at least writes.batch.max.bytes (" + batchMaxBytes + ")");
        }
        final Duration writesTimeout = positive("writes.timeout", Duration.ofSeconds(5));
        final int requestMaxBytes = (int) longValue("limits.request.max.bytes", 16_384, 1024, 4 << 20);
        if (batchMaxBytes < requestMaxBytes) {
            errors.add("writes.batch.max.bytes: must be at least limits.request.max.bytes (" + requestMaxBytes + ")");
        }
        final Duration ttlMin = positive("sessions.ttl.min", Duration.ofSeconds(1));
        final Duration ttlMax = positive("sessions.ttl.max", Duration.ofDays(30));
        if (ttlMin != null && ttlMax != null && ttlMax.compareTo(ttlMin) < 0) {
            errors.add("sessions.ttl.max: must be >= sessions.ttl.min (" + DurationText.format(ttlMin) + ")");
        }
        final Duration revRetention = positive("revocations.retention.default", Duration.ofDays(7));
        final Duration purgeInterval = positive("purge.interval", Duration.ofSeconds(10));
        final Duration shutdownGrace = positive("shutdown.grace", Duration.ofSeconds(10));

        final StateConfig defaults = StateConfig.defaults();
        final long sessionsCap = longValue("tables.sessions.capacity", defaults.sessionsCapacity(), 1, 1L << 31);
        final long revocationsCap = longValue("tables.revocations.capacity", defaults.revocationsCapacity(), 1, 1L << 31);
        final long subjectsCap = longValue("tables.subjects.capacity", defaults.subjectsCapacity(), 1, 1L << 31);
        final long requestsCap = longValue("tables.requests.capacity", defaults.requestIdsCapacity(), 1, 1L << 31);
        final int perSubject = (int) longValue("tables.sessions.per.subject.max", defaults.maxSessionsPerSubject(), 1, 100_000);
        final Duration requestsRetention = positive("requests.retention", defaults.requestIdRetention());

        final List<Path> trustedKeys = trustedKeyFiles(baseDir);
        final int versionsKeep = (int) longValue("policy.versions.keep", PolicySettings.DEFAULT_VERSIONS_KEEP, 4, 1000);
        final int tokenCache = (int) longValue("policy.token.cache.size", PolicySettings.DEFAULT_TOKEN_CACHE_SIZE, 0, 10_000_000);

        final boolean unsafeLinearizable = bool(UNSAFE_LINEARIZABLE_READS_LOCAL);
        final boolean join = bool("cluster.join");

        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new NodeConfig(nodeId, clusterName, peers, dataDir, apiListen, electionMin, electionMax, rpcTimeout,
                snapshotThreshold, snapshotLogPercent, snapshotRetain, segmentMax, purgeGap, appenderWaitMin, maxStaleness, staleMode, waitMax,
                batchMaxCommands, batchMaxBytes, linger, batchMaxInFlight, writesTimeout, requestMaxBytes, ttlMin, ttlMax,
                revRetention, purgeInterval, shutdownGrace,
                new StateConfig(sessionsCap, revocationsCap, subjectsCap, requestsCap, perSubject, requestsRetention),
                trustedKeys, versionsKeep, tokenCache, unsafeLinearizable, join);
    }

    /** {@code policy.trusted.keys}: each file must hold readable public JWKs with unique kids. */
    private List<Path> trustedKeyFiles(Path baseDir) {
        final String text = props.getProperty("policy.trusted.keys", "");
        final List<Path> files = new ArrayList<>();
        for (String element : text.split(",")) {
            if (element.isBlank()) {
                continue;
            }
            final Path f = Path.of(element.trim());
            files.add(f.isAbsolute() || baseDir == null ? f : baseDir.resolve(f).normalize());
        }
        if (!files.isEmpty()) {
            try {
                final Set<String> kids = new HashSet<>();
                for (com.nimbusds.jose.jwk.JWK k : KeyFiles.readTrustedKeys(files)) {
                    if (k.getKeyID() == null || k.getKeyID().isEmpty()) {
                        errors.add("policy.trusted.keys: every key needs a kid");
                    } else if (!kids.add(k.getKeyID())) {
                        errors.add("policy.trusted.keys: kid '" + k.getKeyID() + "' appears twice");
                    }
                }
            } catch (IOException e) {
                errors.add("policy.trusted.keys: " + e.getMessage());
            }
        }
        return files;
    }

    private String required(String key) {
        final String v = props.getProperty(key);
        if (v == null || v.trim().isEmpty()) {
            errors.add(key + ": required");
            return null;
        }
        return v.trim();
    }

    private List<PeerSpec> peers() {
        final String text = required("cluster.peers");
        if (text == null) {
            return null;
        }
        final List<PeerSpec> peers = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        final Set<String> addresses = new HashSet<>();
        for (String element : text.split(",")) {
            if (element.isBlank()) {
                continue;
            }
            try {
                final PeerSpec p = PeerSpec.parse(element);
                if (!ids.add(p.id())) {
                    errors.add("cluster.peers: duplicate id '" + p.id() + "'");
                }
                if (!addresses.add(p.raftAddress().toString()) || !addresses.add(p.apiAddress().toString())) {
                    errors.add("cluster.peers: address used twice in '" + element.trim() + "'");
                }
                peers.add(p);
            } catch (IllegalArgumentException e) {
                errors.add("cluster.peers: " + e.getMessage());
            }
        }
        if (peers.isEmpty()) {
            errors.add("cluster.peers: no peers listed");
            return null;
        }
        return peers;
    }

    /** Only the exact words {@code true} and {@code false}: a typo must not flip a safety switch. */
    private boolean bool(String key) {
        final String v = props.getProperty(key);
        if (v == null || v.trim().equals("false")) {
            return false;
        }
        if (v.trim().equals("true")) {
            return true;
        }
        errors.add(key + ": must be true or false, was '" + v.trim() + "'");
        return false;
    }

    private Duration duration(String key, Duration defaultValue) {
        final String v = props.getProperty(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return DurationText.parse(v);
        } catch (IllegalArgumentException e) {
            errors.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private Duration positive(String key, Duration defaultValue) {
        final Duration d = duration(key, defaultValue);
        if (d != null && (d.isZero() || d.isNegative())) {
            errors.add(key + ": must be a positive duration, was " + DurationText.format(d));
            return null;
        }
        return d;
    }

    private void atLeast(String key, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            errors.add(key + ": must be at least " + DurationText.format(min) + ", was " + DurationText.format(value));
        }
    }

    private long longValue(String key, long defaultValue, long min, long max) {
        final String v = props.getProperty(key);
        if (v == null) {
            return defaultValue;
        }
        final long parsed;
        try {
            parsed = Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            errors.add(key + ": not an integer: '" + v.trim() + "'");
            return defaultValue;
        }
        if (parsed < min || parsed > max) {
            errors.add(key + ": must be " + min + "-" + max + ", was " + parsed);
            return defaultValue;
        }
        return parsed;
    }
}
