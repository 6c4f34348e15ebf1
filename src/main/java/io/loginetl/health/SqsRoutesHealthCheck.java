package io.loginetl.health;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.LifecycleStrategy;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness: the routes that read SQS are running. DOWN when one that was running is gone (a reload of a route file
 * that does not parse leaves no route at all), stopped or suspended, or none reads SQS, naming the route, its file
 * and, when a reload failed, what Camel said of it (the file, not its content). Camel's own checks cover a route's
 * consumer failing to poll, not a route that is missing. The routes it expects are those it last saw all running;
 * a reload that succeeds without a route (its file deleted on purpose) makes the new set the expected one.
 */
public class SqsRoutesHealthCheck extends AbstractHealthCheck {

    public static final String ID = "sqs-routes";
    private static final int MAX_REASON = 300;

    /** The routes reading SQS last seen all running, and their files. */
    private final Map<String, String> expected = new ConcurrentHashMap<>();

    public SqsRoutesHealthCheck() {
        super("login-etl", ID);
    }

    /** Keeps track of the routes that read SQS as they are added, so that one a reload removes is missed. */
    public LifecycleStrategy tracker() {
        return new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routes.stream().filter(route -> route.getEndpoint() instanceof Sqs2Endpoint)
                        .forEach(route -> expected.put(route.getRouteId(), where(route)));
            }
        };
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CamelContext context = getCamelContext();
        String reloadFailure = lastReloadFailure(context);
        List<String> problems = new ArrayList<>();
        Map<String, String> running = new LinkedHashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof Sqs2Endpoint) {
                ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
                if (status == ServiceStatus.Started) {
                    running.put(route.getRouteId(), where(route));
                } else {
                    problems.add("route " + route.getRouteId() + where(route) + " is "
                            + (status == null ? "unknown" : status.name().toLowerCase()));
                }
            }
        }
        if (problems.isEmpty() && !running.isEmpty() && reloadFailure == null) {
            // All running, and no reload failed: this is the set to expect (a route file deleted on purpose is forgotten)
            expected.keySet().retainAll(running.keySet());
        }
        expected.forEach((id, where) -> {
            if (!running.containsKey(id) && context.getRoute(id) == null) {
                problems.add("route " + id + where + " is not running");
            }
        });
        builder.detail("routes.running", String.join(",", running.keySet()));
        if (running.isEmpty() && problems.isEmpty()) {
            problems.add("no route reads SQS");
        }
        if (problems.isEmpty()) {
            builder.up();
            return;
        }
        builder.message(String.join("; ", problems) + (reloadFailure == null ? ""
                : "; the last reload of the route files failed (" + reloadFailure + "): fix the file and save it again")).down();
    }

    /** What Camel said when the last reload failed ("Error pre-parsing resource: file:routes/x.camel.yaml"), else null. */
    private static String lastReloadFailure(CamelContext context) {
        Set<ResourceReloadStrategy> reloads = context.hasServices(ResourceReloadStrategy.class);
        for (ResourceReloadStrategy reload : reloads) {
            Exception error = reload.getLastError();
            if (error != null && error.getMessage() != null) {
                String line = error.getMessage().lines().findFirst().orElse("").strip();
                return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
            }
        }
        return null;
    }

    private static String where(Route route) {
        return route.getSourceResource() == null ? "" : " (" + route.getSourceResource().getLocation() + ")";
    }
}
