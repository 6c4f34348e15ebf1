package io.loginetl.health;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class HealthExposureGuardTest {

    private static MultiMap query(String... pairs) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    @Test
    void aRequestCannotRaiseTheExposureLevelAboveTheConfiguredOne() {
        assertEquals("default", HealthExposureGuard.level("full", "default"));
        assertEquals("oneline", HealthExposureGuard.level("full", "oneline"));
        assertEquals("default", HealthExposureGuard.level("full", null), "unset: Camel's default level");
    }

    @Test
    void aRequestMayLowerItOrLeaveItToTheConfiguration() {
        assertEquals("oneline", HealthExposureGuard.level("oneline", "default"));
        assertEquals("default", HealthExposureGuard.level(null, "default"));
        assertEquals("full", HealthExposureGuard.level(null, "full"));
        assertEquals("full", HealthExposureGuard.level("full", "full"), "where an operator configured full");
        assertEquals("default", HealthExposureGuard.level("everything", "default"), "an unknown level is the configured one");
    }

    @Test
    void fullExposureAndStackTracesAskedForAnonymouslyAreDropped() {
        MultiMap params = query("exposureLevel", "full", "stackTrace", "true", "data", "true");
        HealthExposureGuard.limit(params, "default");
        assertEquals("default", params.get("exposureLevel"));
        assertNull(params.get("stackTrace"), "Camel prints the exception for stackTrace=true at any level");
        assertEquals("true", params.get("data"), "check details stay available");
    }

    @Test
    void repeatedOrDifferentlyCasedParametersCannotSlipThrough() {
        MultiMap params = query("exposureLevel", "default", "ExposureLevel", "full", "STACKTRACE", "true");
        HealthExposureGuard.limit(params, "default");
        assertEquals(java.util.List.of("default"), params.getAll("exposureLevel"));
        assertFalse(params.contains("stackTrace"));
    }

    @Test
    void configuredFullKeepsStackTracesForThoseWhoAsk() {
        MultiMap params = query("stackTrace", "true");
        HealthExposureGuard.limit(params, "full");
        assertEquals("full", params.get("exposureLevel"));
        assertEquals("true", params.get("stackTrace"));
    }
}
