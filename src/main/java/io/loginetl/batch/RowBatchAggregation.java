package io.loginetl.batch;

import io.loginetl.message.Delivery;
import io.loginetl.message.LoginRow;
import io.loginetl.message.RowBatch;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;

import java.util.Map;

/**
 * The batch step: turns each event that reaches it into a {@link LoginRow} and gathers the rows into a
 * {@link RowBatch}, the body of the batch's exchange; and, as the aggregator's completion predicate, says the
 * batch is full once its rows hold {@code maxBytes} of heap (estimated), so large messages make small batches
 * instead of a full heap. Declared as a bean in the route file, with the limit it reads.
 * <p>
 * Handing a row to a batch is what holds the message in SQS until the row is committed: the message's
 * {@link Delivery} counts it.
 */
public class RowBatchAggregation implements AggregationStrategy, Predicate {

    private long maxBytes = Long.MAX_VALUE;

    public void setMaxBytes(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange next) {
        Delivery delivery = next.getProperty(Delivery.PROPERTY, Delivery.class);
        if (delivery == null) {
            throw new IllegalStateException("the batch step takes messages received from SQS by a route whose from is aws2-sqs"
                    + " with deleteAfterRead=false; this one came from " + next.getFromEndpoint());
        }
        if (!(next.getMessage().getBody() instanceof Map<?, ?> event)) {
            throw new IllegalStateException("the batch step takes the event as a JSON object (a Map); the route gave it "
                    + typeOf(next.getMessage().getBody()));
        }
        LoginRow row = LoginRow.of((Map<String, Object>) event, delivery, delivery.rowHanded());
        if (batch == null) {
            // A new holder, not the first row's exchange: that one completes (and its message is settled) as it is added.
            batch = new DefaultExchange(next);
            batch.getMessage().setBody(new RowBatch());
        }
        batch.getMessage().getBody(RowBatch.class).add(row);
        return batch;
    }

    /** Whether the batch has reached maxBytes of rows. */
    @Override
    public boolean matches(Exchange batch) {
        return batch.getMessage().getBody() instanceof RowBatch rows && rows.estimatedBytes() >= maxBytes;
    }

    private static String typeOf(Object body) {
        return body == null ? "no body" : body.getClass().getSimpleName();
    }
}
