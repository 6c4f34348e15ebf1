package io.loginetl.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of the SQS server that adds a fixed delay to every HTTP request (see
 * {@link RequestDelay}), as if the server were that far away: real SQS is 5-20 ms from most clients,
 * and there the limit is round trips rather than CPU. Bytes are forwarded untouched.
 */
final class DelayProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "delay-proxy");
        t.setDaemon(true);
        return t;
    });

    private DelayProxy(ServerSocket listener) {
        this.listener = listener;
    }

    /** Listens on a free port of 127.0.0.1 and forwards to the server at {@code target} (http://host:port). */
    static DelayProxy start(String target, long delayMs) throws IOException {
        URI uri = URI.create(target);
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        DelayProxy proxy = new DelayProxy(listener);
        proxy.pumps.submit(() -> proxy.accept(new InetSocketAddress(uri.getHost(), uri.getPort()), delayMs));
        return proxy;
    }

    String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept(InetSocketAddress target, long delayMs) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                RequestDelay delay = new RequestDelay(delayMs);
                pumps.submit(() -> pump(client, server, delay, true));
                pumps.submit(() -> pump(server, client, delay, false));
            } catch (IOException e) {
                // the listener was closed, or one connection failed: the client sees it and retries
            }
        }
    }

    private static void pump(Socket from, Socket to, RequestDelay delay, boolean fromClient) {
        byte[] buffer = new byte[64 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (fromClient) {
                    long ms = delay.onClientBytes();
                    if (ms > 0) {
                        Thread.sleep(ms);
                    }
                } else {
                    delay.onServerBytes();
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: closing both (try-with-resources) ends the other pump too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pumps.shutdownNow();
    }
}
