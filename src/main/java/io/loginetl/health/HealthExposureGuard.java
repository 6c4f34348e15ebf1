package io.loginetl.health;

import io.vertx.core.MultiMap;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.health.HealthCheckRegistry;

import java.util.List;

/**
 * Keeps exception texts and stack traces off the health endpoint for whoever asks. Camel answers a
 * request with {@code ?exposureLevel=full} or {@code ?stackTrace=true} with the exception message,
 * causes and stack trace of every failing check, for any caller: AWS errors name accounts and roles,
 * driver errors hosts and users. Here a request may lower the exposure level but never raise it above
 * {@code camel.health.exposure-level} (Camel's "default": status, and the DOWN checks with their
 * messages), and a stack trace is shown only when that level is "full". Full details are therefore only
 * where an operator configured them (on a port strangers cannot reach: camel.management.host).
 * {@code ?data=true} still works: details are values the checks chose to publish, never exception texts.
 */
public final class HealthExposureGuard implements StartupListener {

    /** Camel's exposure levels, from least to most revealing. */
    static final List<String> LEVELS = List.of("oneline", "default", "full");

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || !server.isHealthCheckEnabled() || server.getRouter() == null) {
            return;
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        // Ahead of Camel's own health routes (order -1), on every path under the health path
        server.getRouter().route(server.getHealthPath() + "*").order(-1).handler(request -> {
            limit(request.request().params(), registry.getExposureLevel());
            request.next();
        });
    }

    /**
     * Rewrites a health request's parameters, which Camel's handler then reads: exposureLevel at most
     * {@code configured}, stackTrace only at "full".
     */
    static void limit(MultiMap params, String configured) {
        String level = level(params.get("exposureLevel"), configured);
        params.set("exposureLevel", level);
        if (!"full".equals(level)) {
            params.remove("stackTrace");
        }
    }

    /** The level a request gets: what it asks for, if no more revealing than {@code configured}. */
    static String level(String requested, String configured) {
        int ceiling = configured != null && LEVELS.contains(configured) ? LEVELS.indexOf(configured) : LEVELS.indexOf("default");
        int asked = requested == null ? -1 : LEVELS.indexOf(requested);
        return LEVELS.get(asked < 0 ? ceiling : Math.min(asked, ceiling));
    }
}
