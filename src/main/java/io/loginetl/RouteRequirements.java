package io.loginetl;

import io.loginetl.batch.InsertCheck;
import io.loginetl.batch.RowBatchAggregation;
import io.loginetl.config.StartupException;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.Route;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.model.AggregateDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.URISupport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What login-etl requires of the routes, checked before they start (and again for routes a reload adds), so
 * that an edit that breaks the pipeline stops the start with one line instead of changing what happens to
 * messages:
 * <ul>
 *   <li>a route that reads SQS and leaves the deletes to login-etl (aws2-sqs, deleteAfterRead=false) has a batch
 *       step (an aggregate whose strategy is a {@link RowBatchAggregation}): without it every message it reads
 *       would end without a row, and be deleted as filtered;</li>
 *   <li>every insert a batch reaches (the sql endpoints of the routes the batch step sends to, and of the error
 *       handling of those routes) runs on the database, with a batch of no rows: a table or column it names
 *       that does not exist is named now, not at the first batch ({@link InsertCheck}).</li>
 * </ul>
 */
final class RouteRequirements extends LifecycleStrategySupport implements Ordered {

    private static final String SQS = "aws2-sqs:";

    private final Supplier<InsertCheck> inserts;

    /** {@code inserts}: asked for as the checks run, once the application's beans are made. */
    RouteRequirements(Supplier<InsertCheck> inserts) {
        this.inserts = inserts;
    }

    /** Last, after Camel Main's autowiring (see RouteQueues): the sql component then has its DataSource. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }

    /** Before the routes are created: a veto stops the start without Camel logging a stack trace. */
    @Override
    public void onContextInitializing(CamelContext context) throws VetoCamelContextStartException {
        if (context instanceof ModelCamelContext model) {
            try {
                model.getRouteDefinitions().forEach(definition -> check(model, definition));
            } catch (StartupException e) {
                throw new VetoCamelContextStartException(e.getMessage(), e, context, true);
            }
        }
    }

    /** Routes a reload adds (the first start checked its routes above): the reload fails with the same line. */
    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            if (route.getCamelContext().isStarted() && route.getCamelContext() instanceof ModelCamelContext model) {
                RouteDefinition definition = model.getRouteDefinition(route.getRouteId());
                if (definition != null) {
                    check(model, definition);
                }
            }
        }
    }

    private void check(ModelCamelContext model, RouteDefinition definition) {
        requireBatchStep((CamelContext) model, definition);
        for (SqlEndpoint insert : insertsReachedFrom(model, definition)) {
            inserts.get().check(insert, "route " + definition.getRouteId());
        }
    }

    private static void requireBatchStep(CamelContext context, RouteDefinition route) {
        String from = route.getInput() == null ? null : route.getInput().getEndpointUri();
        if (from == null || !from.startsWith(SQS) || !settledByUs(context, from)) {
            return;
        }
        if (batchSteps(context, route.getOutputs()).isEmpty()) {
            throw new StartupException("route " + route.getRouteId() + where(route) + " reads SQS but has no batch step (an aggregate"
                    + " with aggregationStrategy: rowBatch): restore the step batch-rows, or every message it reads would be deleted"
                    + " unloaded (a route that only forwards messages elsewhere sets deleteAfterRead: true)");
        }
    }

    /** deleteAfterRead=false: the consumer deletes nothing, and login-etl settles the messages (Camel's default is true). */
    private static boolean settledByUs(CamelContext context, String rawUri) {
        try {
            Map<String, Object> parameters = URISupport.parseParameters(URISupport.normalizeUriAsURI(context.resolvePropertyPlaceholders(rawUri)));
            return "false".equalsIgnoreCase(String.valueOf(parameters.get("deleteAfterRead")));
        } catch (Exception malformed) {
            return false; // not ours to judge: Camel reports it when it creates the route
        }
    }

    /** The aggregates among these steps, at any depth, whose strategy gathers rows into batches. */
    private static List<AggregateDefinition> batchSteps(CamelContext context, List<ProcessorDefinition<?>> steps) {
        List<AggregateDefinition> found = new ArrayList<>();
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof AggregateDefinition aggregate && isRowBatch(context, aggregate)) {
                found.add(aggregate);
            }
            found.addAll(batchSteps(context, step.getOutputs()));
        }
        return found;
    }

    private static boolean isRowBatch(CamelContext context, AggregateDefinition aggregate) {
        if (aggregate.getAggregationStrategyBean() instanceof RowBatchAggregation) {
            return true;
        }
        String ref = aggregate.getAggregationStrategy();
        return ref != null && context.getRegistry().lookupByName(ref.startsWith("#") ? ref.substring(ref.indexOf(':') + 1) : ref)
                instanceof RowBatchAggregation;
    }

    /**
     * The sql endpoints a batch from this route reaches: in the steps of its batch steps, in the routes they send
     * to over direct: or seda:, in the routes those send to, and in the onException steps of their route
     * configurations.
     */
    private static Set<SqlEndpoint> insertsReachedFrom(ModelCamelContext model, RouteDefinition route) {
        CamelContext context = (CamelContext) model;
        Set<SqlEndpoint> found = new LinkedHashSet<>();
        Set<String> seenRoutes = new LinkedHashSet<>();
        Deque<ProcessorDefinition<?>> toVisit = new ArrayDeque<>();
        batchSteps(context, route.getOutputs()).forEach(toVisit::add);
        while (!toVisit.isEmpty()) {
            ProcessorDefinition<?> step = toVisit.pop();
            toVisit.addAll(step.getOutputs());
            if (!(step instanceof SendDefinition<?> send) || send.getEndpointUri() == null) {
                continue;
            }
            String uri = context.resolvePropertyPlaceholders(send.getEndpointUri());
            if (uri.startsWith("sql:") && context.getEndpoint(uri) instanceof SqlEndpoint sql) {
                found.add(sql);
            } else if (uri.startsWith("direct:") || uri.startsWith("seda:")) {
                String sentTo = withoutQuery(uri);
                for (RouteDefinition target : model.getRouteDefinitions()) {
                    String input = target.getInput() == null ? null
                            : withoutQuery(context.resolvePropertyPlaceholders(target.getInput().getEndpointUri()));
                    if (sentTo.equals(input) && seenRoutes.add(target.getRouteId())) {
                        toVisit.addAll(target.getOutputs());
                        toVisit.addAll(onExceptionSteps(model, target));
                    }
                }
            }
        }
        return found;
    }

    /** direct:name and direct://name?options alike: the queue a direct: or seda: endpoint names. */
    private static String withoutQuery(String uri) {
        String bare = uri.split("\\?", 2)[0];
        return bare.replaceFirst("^(\\w+):(//)?", "$1:");
    }

    private static List<ProcessorDefinition<?>> onExceptionSteps(ModelCamelContext model, RouteDefinition route) {
        List<ProcessorDefinition<?>> steps = new ArrayList<>();
        for (String id : route.getAppliedRouteConfigurationIds() == null ? List.<String>of() : route.getAppliedRouteConfigurationIds()) {
            RouteConfigurationDefinition configuration = model.getRouteConfigurationDefinition(id);
            if (configuration != null) {
                for (OnExceptionDefinition onException : configuration.getOnExceptions()) {
                    steps.addAll(onException.getOutputs());
                }
            }
        }
        return steps;
    }

    private static String where(RouteDefinition route) {
        return route.getResource() == null ? "" : " (" + route.getResource().getLocation() + ")";
    }

    @Override
    public String toString() {
        return "the check of what login-etl requires of its routes";
    }
}
