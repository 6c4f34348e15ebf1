package io.loginetl.sqs;

import io.loginetl.message.Delivery;
import io.loginetl.message.Origin;
import io.loginetl.message.SourceQueue;
import io.loginetl.observability.PipelineMetrics;
import io.loginetl.origin.OriginResolver;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.spi.Synchronization;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Settles every SQS message by how its exchange ends, whatever the route does with it. Given to each route
 * whose {@code from} is aws2-sqs (with deleteAfterRead=false: the consumer deletes nothing, we do): as an
 * exchange enters it, its {@link Delivery} is captured (the body as received, the receipt handle, the queue,
 * the ids), and when the exchange ends the message is deleted if it is settled: parked, filtered (ended on
 * purpose without a row), or its rows committed already. Rows still in a batch settle it as they commit
 * ({@code BatchSettlement}); a failure leaves it in SQS, which delivers it again.
 * <p>
 * The end of an exchange is a {@link Synchronization} on it: it runs however the exchange ends, also while Camel
 * stops (a route policy's own onExchangeDone does not).
 */
public class MessageSettlement implements RoutePolicyFactory {

    private static final String SCHEME = "aws2-sqs:";
    /** The SQS system attribute the route asks for (attributeNames=SentTimestamp): a header of that name. */
    static final String SENT_TIMESTAMP = MessageSystemAttributeName.SENT_TIMESTAMP.toString();

    private final RouteQueues sources;
    private final OriginResolver origins;
    private final SqsDeletes ack;
    private final PipelineMetrics metrics;
    private final Policy policy = new Policy();
    private final Synchronization onEnd = new OnEnd();

    public MessageSettlement(RouteQueues sources, OriginResolver origins, SqsDeletes ack, PipelineMetrics metrics) {
        this.sources = sources;
        this.origins = origins;
        this.ack = ack;
        this.metrics = metrics;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        String from = route instanceof RouteDefinition definition && definition.getInput() != null
                ? definition.getInput().getEndpointUri() : null;
        return from != null && from.startsWith(SCHEME) ? policy : null;
    }

    /** The Delivery of an exchange received by a settled route, captured before its first step. */
    private void begin(Exchange exchange) {
        if (!(exchange.getFromEndpoint() instanceof Sqs2Endpoint endpoint) || endpoint.getConfiguration().isDeleteAfterRead()) {
            return; // deleteAfterRead=true: the consumer deletes the message itself when the exchange completes
        }
        Message message = exchange.getMessage();
        String body = message.getBody(String.class);
        String id = message.getHeader(Sqs2Constants.MESSAGE_ID, String.class);
        SourceQueue queue = sources.of(endpoint);
        Origin origin = origins.of(id, message.getHeader(SENT_TIMESTAMP, String.class),
                message.getHeader(Origin.SOURCE_MESSAGE_ID, String.class), message.getHeader(Origin.SOURCE_SENT_TIMESTAMP, String.class),
                message.getHeader(Origin.SOURCE_SEAL, String.class), body);
        exchange.setProperty(Delivery.PROPERTY,
                new Delivery(queue, message.getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class), id, origin, body));
        exchange.getExchangeExtension().addOnCompletion(onEnd);
    }

    private void end(Exchange exchange, boolean failed) {
        Delivery delivery = exchange.getProperty(Delivery.PROPERTY, Delivery.class);
        if (delivery == null) {
            return;
        }
        switch (delivery.ended(failed)) {
            case DELETE_FILTERED -> {
                metrics.filtered();
                ack.deleteSoon(delivery);
            }
            case DELETE -> ack.deleteSoon(delivery);
            case NOT_YET -> {
                // rows still in a batch settle it as they commit; a failure leaves it to SQS
            }
        }
    }

    /** One for every settled route: it holds no state, and has no lifecycle a route's stop could end. */
    private final class Policy implements RoutePolicy {

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            begin(exchange);
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
        }

        @Override
        public void onInit(Route route) {
        }

        @Override
        public void onRemove(Route route) {
        }

        @Override
        public void onStart(Route route) {
        }

        @Override
        public void onStop(Route route) {
        }

        @Override
        public void onSuspend(Route route) {
        }

        @Override
        public void onResume(Route route) {
        }
    }

    private final class OnEnd implements Synchronization {

        @Override
        public void onComplete(Exchange exchange) {
            end(exchange, false);
        }

        @Override
        public void onFailure(Exchange exchange) {
            end(exchange, true);
        }
    }
}
