package io.loginetl.support;

import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;

import java.util.HashMap;
import java.util.Map;

/** Pipeline settings for a test: its own queues and database, a fast drain, a generated key. */
public final class TestSettings {

    public static final String KEY = MaskKeys.generate(MaskMode.SIV);

    private TestSettings() {
    }

    public static Map<String, String> of(String endpoint, TestQueues queues, TestDatabase db) {
        Map<String, String> p = new HashMap<>();
        p.put("sqs.endpoint", endpoint);
        p.put("sqs.queue", queues.queue);
        p.put("sqs.dlq", queues.dlq);
        p.put("sqs.wait-time-seconds", "1");
        p.put("db.url", db.jdbcUrl());
        p.put("db.user", db.user());
        p.put("db.password", db.password());
        p.put("mask.key", KEY);
        p.put("batch.max-wait-ms", "200");
        p.put("camel.main.shutdown-timeout", "10");
        p.put("camel.management.port", Integer.toString(freePort()));
        return p;
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
