package io.loginetl.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the application and a server (Postgres, SQS) that a test can cut in two ways:
 * <ul>
 *   <li>{@link #cut()}: open connections are reset and new ones refused, as when a database restarts;</li>
 *   <li>{@link #cutSilently()}: nothing is reset and nothing answers, as in a network partition. Open
 *       connections stay half-open for good: whatever either side sends is swallowed, even after
 *       {@link #restore()}, so only the client's own timeouts can free it. New connections are
 *       accepted and then get no answer until the cut heals; then they go through.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    /** One proxied connection; once severed, its bytes go nowhere. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean severed;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    // guarded by this: a connection accepted as a cut happens must not escape it
    private boolean open = true;
    private boolean silent;
    private final List<Socket> held = new ArrayList<>();

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** Resets every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() throws IOException {
        open = false;
        server.close();
        for (Link link : links) {
            link.close();
        }
        links.clear();
        held.forEach(TcpProxy::closeQuietly);
        held.clear();
    }

    /**
     * From now on every open connection swallows what either side sends, for good, and new ones are
     * accepted but get no answer until {@link #restore()}. Nobody is told: no reset, no close.
     */
    public synchronized void cutSilently() {
        silent = true;
        for (Link link : links) {
            link.severed = true;
        }
    }

    /** Ends a cut: new connections work again, and those held by a silent cut go through. */
    public synchronized void restore() throws IOException {
        if (!open) {
            open = true;
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            accept(server);
        }
        silent = false;
        for (Socket client : held) {
            connect(client);
        }
        held.clear();
    }

    private void accept(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    synchronized (this) {
                        if (!open) {
                            client.close();
                        } else if (silent) {
                            held.add(client);
                        } else {
                            connect(client);
                        }
                    }
                } catch (IOException e) {
                    // closed by cut() or close()
                }
            }
        }, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void connect(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            closeQuietly(client); // the server itself is down: the client sees a closed connection
            return;
        }
        Link link = new Link(client, upstream);
        links.add(link);
        pipe(link, client, upstream, true);
        pipe(link, upstream, client, false);
    }

    private void pipe(Link link, Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            // Not try-with-resources: closing a socket's stream closes the socket, which a severed link must not
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!link.severed) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // reset by cut(), or closed by a peer
            } finally {
                // A severed link never tells the client anything; the client giving up frees the server side.
                if (!link.severed || fromClient) {
                    link.close();
                    links.remove(link);
                }
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
