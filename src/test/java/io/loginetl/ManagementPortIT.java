package io.loginetl;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.health.DatabaseHealthCheck;
import io.loginetl.support.Management;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestSettings;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management port answers anyone who reaches it, without authentication. So it listens where
 * camel.management.host says (loopback by default), and its health answers never carry exception
 * texts or stack traces, whatever the request asks for, unless camel.health.exposure-level=full was
 * configured.
 */
class ManagementPortIT extends RealPartsTestSupport {

    /** Requests a stranger might send to get at the exception texts. */
    private static final List<String> PROBING = List.of(
            "/observe/health?exposureLevel=full",
            "/observe/health?exposureLevel=full&stackTrace=true&data=true",
            "/observe/health?stackTrace=true",
            "/observe/health/ready?exposureLevel=full&stackTrace=true",
            "/observe/health/ready?exposureLevel=default&exposureLevel=full&stackTrace=true",
            "/observe/health/ready?ExposureLevel=full&STACKTRACE=true");

    @Test
    void anonymousHealthAnswersCarryNoExceptionTextEvenWhenFullExposureIsAskedFor() throws Exception {
        URI sqsServer = URI.create(server.endpoint());
        try (TcpProxy database = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT);
             TcpProxy sqs = new TcpProxy(sqsServer.getHost(), sqsServer.getPort())) {
            Map<String, String> settings = TestSettings.of("http://127.0.0.1:" + sqs.port(), queues, db);
            settings.put("db.url", db.jdbcUrl("127.0.0.1", database.port()));
            Management management = Management.of(settings);
            try (Pipeline pipeline = Pipeline.start(settings)) {
                await("ready").atMost(Duration.ofSeconds(45)).until(() -> management.ready().status() == 200);
                database.cut();
                sqs.cut();
                List<String> errors = awaitChecksWithExceptions(pipeline);

                Management.Answer down = management.ready();
                assertEquals(503, down.status());
                assertEquals("DOWN", down.check(DatabaseHealthCheck.ID), "the database check is DOWN:\n" + down.body());
                for (String path : PROBING) {
                    Management.Answer answer = management.get(path);
                    assertEquals(503, answer.status(), path);
                    assertEquals("DOWN", answer.healthStatus(), path);
                    assertFalse(answer.body().contains("error-message"), path + " shows exception messages:\n" + answer.body());
                    assertFalse(answer.body().contains("error-stacktrace") || answer.body().contains(".java:"),
                            path + " shows a stack trace:\n" + answer.body());
                    String texts = texts(answer);
                    for (String error : errors) {
                        assertFalse(texts.contains(error), path + " shows the exception text " + error);
                    }
                }
                Management.Answer oneline = management.get("/observe/health?exposureLevel=oneline");
                assertEquals("{\"status\":\"DOWN\"}", oneline.json().toString(), "a caller may still ask for less");
            }
        }
    }

    @Test
    void fullDetailsWhereConfiguredOnTheAddressConfigured() throws Exception {
        URI sqsServer = URI.create(server.endpoint());
        try (TcpProxy sqs = new TcpProxy(sqsServer.getHost(), sqsServer.getPort())) {
            Map<String, String> settings = TestSettings.of("http://127.0.0.1:" + sqs.port(), queues, db);
            settings.put("camel.management.host", "127.0.0.2"); // loopback too, but another address
            settings.put("camel.health.exposure-level", "full");
            int port = Integer.parseInt(settings.get("camel.management.port"));
            Management configured = new Management("127.0.0.2", port);
            try (Pipeline pipeline = Pipeline.start(settings)) {
                await("ready on 127.0.0.2").atMost(Duration.ofSeconds(45)).until(() -> configured.ready().status() == 200);
                assertEquals(-1, new Management("127.0.0.1", port).live().status(), "nothing listens on 127.0.0.1");

                sqs.cut();
                List<String> errors = awaitChecksWithExceptions(pipeline);
                Management.Answer full = configured.get("/observe/health?stackTrace=true");
                assertEquals(503, full.status());
                assertTrue(full.body().contains("error-message") && full.body().contains(".java:"),
                        "an operator who configured full sees the exception and its stack trace:\n" + full.body());
                assertTrue(errors.stream().anyMatch(texts(full)::contains), "the very exception text:\n" + full.body());
            }
        }
    }

    @Test
    void byDefaultThePortListensOnLoopbackOnly() throws Exception {
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        int port = Integer.parseInt(settings.get("camel.management.port"));
        try (Pipeline ignored = Pipeline.start(settings)) {
            Management loopback = new Management("127.0.0.1", port);
            await("live on 127.0.0.1").atMost(Duration.ofSeconds(45)).until(() -> loopback.live().status() == 200);
            List<String> elsewhere = new ArrayList<>(List.of("127.0.0.2"));
            elsewhere.addAll(nonLoopbackAddresses());
            for (String address : elsewhere) {
                assertEquals(-1, new Management(address, port).live().status(), "listens on " + address);
            }
        }
    }

    /** Waits until a check carries an exception (the SQS consumer's failed polls), and returns their texts. */
    private static List<String> awaitChecksWithExceptions(Pipeline pipeline) throws InterruptedException {
        List<String> errors = new ArrayList<>();
        await("a check DOWN with an exception").atMost(Duration.ofSeconds(45)).until(() -> {
            errors.clear();
            for (HealthCheck.Result result : HealthCheckHelper.invoke(pipeline.camelContext(), "full")) {
                result.getError().map(Throwable::getMessage).filter(m -> m != null && m.length() > 10).ifPresent(errors::add);
            }
            return !errors.isEmpty();
        });
        return errors;
    }

    /**
     * Every string value of a health answer, one per line, without backslashes: Camel's answer escapes
     * '/' twice over, so the exception texts (which have no backslash) are compared without them.
     */
    private static String texts(Management.Answer answer) {
        StringBuilder all = new StringBuilder();
        List<JsonNode> pending = new ArrayList<>(List.of(answer.json()));
        while (!pending.isEmpty()) {
            JsonNode node = pending.remove(pending.size() - 1);
            if (node.isTextual()) {
                all.append(node.asText()).append('\n');
            }
            node.forEach(pending::add);
        }
        return all.toString().replace("\\", "");
    }

    private static List<String> nonLoopbackAddresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        addresses.add(address.getHostAddress());
                    }
                }
            }
        }
        return addresses;
    }
}
