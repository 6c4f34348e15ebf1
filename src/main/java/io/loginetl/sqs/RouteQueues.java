package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import io.loginetl.message.SourceQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Ordered;
import org.apache.camel.Route;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.component.aws2.sqs.Sqs2Configuration;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.LifecycleStrategySupport;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queues the routes read, found from the routes themselves: each route whose {@code from} is an
 * aws2-sqs endpoint. Nothing here reads {@code sqs.queue}: a route edited to read another queue, or a
 * second route file reading a second queue, is covered as it is written. Each is resolved once (GetQueueUrl,
 * with the consumer's own client) before the routes start, which is also the start-up check: a route
 * reading a queue that does not exist stops the start with one line naming the queue and what to fix.
 */
public class RouteQueues extends LifecycleStrategySupport implements Ordered {

    private static final String SCHEME = "aws2-sqs";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::[^}]*)?}}");

    private final Supplier<SqsClient> fallbackClient;
    private final Map<Key, SourceQueue> resolved = new ConcurrentHashMap<>();
    /** The per-message lookup: a route's endpoint, straight to its queue. */
    private final Map<Endpoint, SourceQueue> byEndpoint = new ConcurrentHashMap<>();

    /** A queue as a consumer names it, with the client it uses. */
    private record Key(SqsClient client, String name, String url, Integer visibilityTimeout) {
    }

    /** {@code fallbackClient}: for an endpoint that has no client of its own (yet); asked for only then. */
    public RouteQueues(Supplier<SqsClient> fallbackClient) {
        this.fallbackClient = fallbackClient;
    }

    /**
     * Last, as Camel Main's autowiring is: it gives the aws2-sqs component its client (the registry's only
     * SqsClient) as the context initializes, and was added before this, so it runs first.
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }

    /** Checks the routes before they start, and every route added later (reloads in the dev profile). */
    public void watch(CamelContext context) {
        context.addLifecycleStrategy(this);
    }

    /**
     * Before the routes are created (creating an aws2-sqs endpoint already calls SQS): the queue of every
     * route that reads SQS. A failure vetoes the start, so Camel stops without logging a stack trace.
     */
    @Override
    public void onContextInitializing(CamelContext context) throws VetoCamelContextStartException {
        if (!(context instanceof ModelCamelContext model)) {
            return;
        }
        for (RouteDefinition definition : model.getRouteDefinitions()) {
            String raw = definition.getInput() == null ? null : definition.getInput().getEndpointUri();
            if (raw == null) {
                continue;
            }
            try {
                String uri = context.resolvePropertyPlaceholders(raw);
                if (!uri.startsWith(SCHEME + ":")) {
                    continue;
                }
                // A throwaway endpoint, configured but not initialised: Camel's own reading of the uri (queue
                // name or ARN, client, queueUrl), without the SQS calls the route's endpoint makes as it starts.
                Endpoint endpoint = context.getComponent(SCHEME).createEndpoint(uri);
                if (endpoint instanceof Sqs2Endpoint sqs) {
                    resolve(sqs, whatToCheck(definition.getRouteId(), raw, definition.getResource()));
                }
            } catch (StartupException e) {
                throw new VetoCamelContextStartException(e.getMessage(), e, context, true);
            } catch (Exception e) {
                // Not ours to judge (a malformed uri, say): Camel reports it when it creates the route
            }
        }
    }

    /** Routes added after the start (a reload): their queues are resolved, or the reload fails with the same line. */
    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            if (route.getEndpoint() instanceof Sqs2Endpoint endpoint) {
                resolve(endpoint, whatToCheck(route.getRouteId(), rawFromUri(route), route.getSourceResource()));
            }
        }
    }

    /** The queue an exchange was received from: its route's consumer endpoint. */
    public SourceQueue of(Endpoint fromEndpoint) {
        if (!(fromEndpoint instanceof Sqs2Endpoint endpoint)) {
            throw new IllegalStateException("the message did not come from an aws2-sqs consumer but from "
                    + (fromEndpoint == null ? "nowhere" : fromEndpoint.getEndpointBaseUri()));
        }
        SourceQueue known = byEndpoint.get(endpoint);
        if (known != null) {
            return known;
        }
        SourceQueue queue = resolve(endpoint, "the queue in the from uri of the route that reads it, and SQS_ENDPOINT (sqs.endpoint)");
        byEndpoint.put(endpoint, queue);
        return queue;
    }

    /** The queues the context's routes read now, one per distinct queue. */
    public List<SourceQueue> read(CamelContext context) {
        Map<String, SourceQueue> queues = new LinkedHashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof Sqs2Endpoint endpoint) {
                SourceQueue queue = of(endpoint);
                queues.putIfAbsent(queue.url(), queue);
            }
        }
        return new ArrayList<>(queues.values());
    }

    /** Once per queue and client: GetQueueUrl (unless the route gives queueUrl), then from memory. */
    private SourceQueue resolve(Sqs2Endpoint endpoint, String whatToCheck) {
        Sqs2Configuration configuration = endpoint.getConfiguration();
        SqsClient client = configuration.getAmazonSQSClient() != null ? configuration.getAmazonSQSClient()
                : endpoint.getClient() != null ? endpoint.getClient() : fallbackClient.get();
        String name = configuration.getQueueName();
        return resolved.computeIfAbsent(new Key(client, name, configuration.getQueueUrl(), configuration.getVisibilityTimeout()), key -> new SourceQueue(name,
                key.url() != null ? key.url() : QueueUrls.existing(client, name,
                        client.serviceClientConfiguration().endpointOverride().map(Object::toString).orElse(null), whatToCheck),
                client, key.visibilityTimeout()));
    }

    /**
     * What to fix when the queue is missing: the setting the name came from when the route's from uses a
     * placeholder (SQS_QUEUE (sqs.queue) for {@code aws2-sqs:{{sqs.queue}}}), else the route itself; with
     * the route's id and file.
     */
    static String whatToCheck(String routeId, String rawFromUri, Resource resource) {
        String where = "route " + routeId + (resource == null ? "" : " (" + resource.getLocation() + ")");
        List<String> settings = new ArrayList<>();
        if (rawFromUri != null) {
            Matcher placeholder = PLACEHOLDER.matcher(rawFromUri.split("\\?", 2)[0]);
            while (placeholder.find()) {
                String key = placeholder.group(1).strip();
                settings.add(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + " (" + key + ")");
            }
        }
        return (settings.isEmpty() ? "the queue in the from uri of " + where
                : String.join(", ", settings) + ", which " + where + " reads") + ", and SQS_ENDPOINT (sqs.endpoint)";
    }

    @Override
    public String toString() {
        return "the check of the queues the routes read";
    }

    /** The route's from uri as written, placeholders unresolved; null when the model is not at hand. */
    private static String rawFromUri(Route route) {
        if (!(route.getCamelContext() instanceof ModelCamelContext model)) {
            return null;
        }
        RouteDefinition definition = model.getRouteDefinition(route.getRouteId());
        return definition == null || definition.getInput() == null ? null : definition.getInput().getEndpointUri();
    }
}
