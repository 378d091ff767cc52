package io.bulwark.bench.peers;

import io.bulwark.bench.load.ClosedLoopDriver;
import io.bulwark.bench.load.RunStats;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EchoServiceTest {

    @Test
    @Timeout(60)
    void shouldAnswerEveryCallOfAClosedLoopOverRealGrpc() throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
                .addService(EchoService.definition()).build().start();
        try (EchoTarget target = new EchoTarget("127.0.0.1:" + server.getPort(), Duration.ofSeconds(5))) {
            Object reply = target.echo(0).get(5, TimeUnit.SECONDS);
            assertThat(reply.toString()).contains("value");
            RunStats stats = new ClosedLoopDriver(target::echo, 8).run("echo", Duration.ofMillis(300), new AtomicLong());
            assertThat(stats.errors()).isZero();
            assertThat(stats.ok()).isPositive();
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
