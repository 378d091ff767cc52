package io.bulwark.bench.peers;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;

/**
 * Redis through lettuce: the rate-limit pattern Envoy's rate-limit service runs per hit, an
 * {@code INCR} of the descriptor's counter and an {@code EXPIRE} of it, sent back to back without
 * waiting (pipelined on lettuce's one multiplexed connection). One hit completes when both replies
 * are in. Counters are spread over {@value #COUNTERS} keys.
 */
public final class RedisTarget implements AutoCloseable {
    static final int COUNTERS = 10_000;
    private static final long WINDOW_S = 60;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final String[] keys = new String[COUNTERS];

    public RedisTarget(String hostPort, Duration deadline) {
        int colon = hostPort.lastIndexOf(':');
        RedisURI uri = RedisURI.builder().withHost(hostPort.substring(0, colon))
                .withPort(Integer.parseInt(hostPort.substring(colon + 1))).withTimeout(deadline).build();
        client = RedisClient.create(uri);
        connection = client.connect();
        commands = connection.async();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < COUNTERS; i++) {
            keys[i] = "rl:" + runId + ":" + i;
        }
    }

    /** One rate-limit hit: INCR + EXPIRE pipelined; fails if the counter did not come back positive. */
    public ListenableFuture<?> incrAndExpire(long seq) {
        String key = keys[(int) (seq % COUNTERS)];
        RedisFuture<Long> incr = commands.incr(key);
        RedisFuture<Boolean> expire = commands.expire(key, WINDOW_S);
        SettableFuture<Object> done = SettableFuture.create();
        incr.whenComplete((count, incrError) -> expire.whenComplete((set, expireError) -> {
            Throwable error = incrError != null ? incrError : expireError;
            if (error != null) {
                done.setException(error);
            } else if (count == null || count < 1 || !Boolean.TRUE.equals(set)) {
                done.setException(new IllegalStateException("redis: unexpected INCR/EXPIRE reply"));
            } else {
                done.set(count);
            }
        }));
        return done;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
}
