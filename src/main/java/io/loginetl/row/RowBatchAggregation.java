package io.loginetl.row;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers rows into a batch (its body: a {@code List<LoginRow>}), keeps a running estimate of the heap the
 * batch holds in the exchange property {@value #BATCH_BYTES}, and is the aggregator's completion predicate
 * too: full once that estimate reaches {@code maxBytes}. A batch then closes on bytes as well as rows, so
 * large messages make small batches instead of a full heap. Declared as a bean in the route file, with the
 * limit it reads.
 */
public class RowBatchAggregation implements AggregationStrategy, Predicate {

    /** The estimated bytes of the rows in the batch so far ({@link LoginRow#estimatedBytes()}), a long. */
    public static final String BATCH_BYTES = "batchBytes";

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

    /** Whether the batch has reached maxBytes of rows. */
    @Override
    public boolean matches(Exchange batch) {
        Object bytes = batch.getProperty(BATCH_BYTES);
        return bytes instanceof Long estimate && estimate >= maxBytes;
    }
}
