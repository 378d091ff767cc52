package io.bulwark.bench.peers;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/bin/compare}'s echo server, in its own JVM: the {@link EchoService} on 127.0.0.1
 * with the server settings of a Bulwark node's API server (Netty, {@code directExecutor()}), so
 * the difference between the two is what a check adds to a bare round trip.
 *
 * <p>Usage: {@code EchoServer PORT}. Stops on SIGTERM.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: EchoServer PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .directExecutor()
                .addService(EchoService.definition())
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "echo-shutdown"));
        System.out.println("echo server listening on 127.0.0.1:" + server.getPort());
        server.awaitTermination();
    }
}
