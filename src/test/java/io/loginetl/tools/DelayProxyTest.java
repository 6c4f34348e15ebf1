package io.loginetl.tools;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DelayProxyTest {

    @Test
    void requestsAndResponsesOnOneKeptAliveConnectionPassThroughUnchanged() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = upstream.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.println("answer to " + line);
                    }
                } catch (Exception ignored) {
                    // the test closed the connection
                }
            });
            echo.setDaemon(true);
            echo.start();
            try (DelayProxy proxy = DelayProxy.start("http://127.0.0.1:" + upstream.getLocalPort(), 1);
                 Socket client = new Socket("127.0.0.1", Integer.parseInt(proxy.endpoint().replaceAll(".*:", "")));
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                for (String request : new String[] {"first", "second", "third ünïcode"}) {
                    out.println(request);
                    assertEquals("answer to " + request, in.readLine());
                }
            }
        }
    }
}
