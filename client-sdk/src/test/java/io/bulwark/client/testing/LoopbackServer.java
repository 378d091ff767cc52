package io.bulwark.client.testing;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** A real Netty gRPC server bound to 127.0.0.1 on a free port; close it in the test's cleanup. */
public final class LoopbackServer implements AutoCloseable {
    private final Server server;

    private LoopbackServer(final Server server) {
        this.server = server;
    }

    /** Starts a server with the given services on 127.0.0.1:0. */
    public static LoopbackServer start(final BindableService... services) {
        final NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(loopback(), 0));
        for (final BindableService s : services) {
            builder.addService(s);
        }
        try {
            return new LoopbackServer(builder.build().start());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code 127.0.0.1:port} address clients use. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** An address on 127.0.0.1 where nothing listens (a port just freed): connections are refused. */
    public static String deadAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
