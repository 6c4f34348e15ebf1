package io.loginetl.row;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers rows into a batch (its body: a {@code List<LoginRow>}) and keeps a running estimate of the heap
 * the batch holds in the exchange property {@value #BATCH_BYTES}, for the route's completion predicate: a
 * batch then closes on bytes as well as rows, so large messages make small batches instead of a full heap.
 */
public class RowBatchAggregation implements AggregationStrategy {

    /** The estimated bytes of the rows in the batch so far ({@link LoginRow#estimatedBytes()}), a long. */
    public static final String BATCH_BYTES = "batchBytes";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange next) {
        LoginRow row = next.getMessage().getBody(LoginRow.class);
        if (batch == null) {
            // A new holder, not the first row's exchange: that one completes (and its message is done) as it is added.
            batch = new DefaultExchange(next);
            batch.getMessage().setBody(new ArrayList<LoginRow>());
            batch.setProperty(BATCH_BYTES, 0L);
        }
        batch.getMessage().getBody(List.class).add(row);
        batch.setProperty(BATCH_BYTES, batch.getProperty(BATCH_BYTES, Long.class) + row.estimatedBytes());
        return batch;
    }
}
