package io.loginetl.batch;

import io.loginetl.message.Delivery;
import io.loginetl.message.LoginRow;
import io.loginetl.message.Origin;
import io.loginetl.message.RowBatch;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowBatchAggregationTest {

    private final CamelContext context = new DefaultCamelContext();
    private final RowBatchAggregation strategy = new RowBatchAggregation();

    @Test
    void eachEventBecomesARowWithItsLedgerKeyAndCreateDateAndTheBatchCountsItsBytes() {
        Delivery small = delivery("m-1", "{\"user_id\": \"u-1\"}");
        Delivery large = delivery("m-2", "x".repeat(200_000));
        Exchange first = exchange(small, event("u-1"));
        Exchange batch = strategy.aggregate(null, first);
        assertNotSame(first, batch, "the batch is a holder of its own, not the first row's exchange");
        batch = strategy.aggregate(batch, exchange(large, event("u-2")));

        RowBatch rows = batch.getMessage().getBody(RowBatch.class);
        assertEquals(2, rows.rows().size());
        assertEquals("u-1", rows.rows().get(0).columns().get("user_id"));
        assertEquals("m-1", rows.rows().get(0).columns().get(LoginRow.MESSAGE_ID));
        assertEquals("2023-11-14", rows.rows().get(0).columns().get(LoginRow.CREATE_DATE).toString());
        assertEquals(rows.rows().get(0).estimatedBytes() + rows.rows().get(1).estimatedBytes(), rows.estimatedBytes());
        assertTrue(rows.rows().get(1).estimatedBytes() >= 400_000, "2 bytes a char of the body as received at least");
        assertEquals(1, small.rowsHanded(), "the row holds its message in SQS until it is committed");
    }

    @Test
    void aBatchIsFullOnceItsRowsReachMaxBytes() {
        Exchange one = exchange(delivery("m-1", "x".repeat(1_000)), event("u-1"));
        long rowBytes = strategy.aggregate(null, one).getMessage().getBody(RowBatch.class).estimatedBytes();
        strategy.setMaxBytes(2 * rowBytes);
        Exchange batch = strategy.aggregate(null, exchange(delivery("m-2", "x".repeat(1_000)), event("u-1")));
        assertFalse(strategy.matches(batch), "one row is half the limit");
        batch = strategy.aggregate(batch, exchange(delivery("m-3", "x".repeat(1_000)), event("u-1")));
        assertTrue(strategy.matches(batch), "two rows reach it");
    }

    @Test
    void aMessageThatGivesSeveralRowsGetsALedgerKeyForEach() {
        Delivery split = delivery("m-1", "{}");
        Exchange batch = strategy.aggregate(null, exchange(split, event("u-1")));
        batch = strategy.aggregate(batch, exchange(split, event("u-2")));
        List<LoginRow> rows = batch.getMessage().getBody(RowBatch.class).rows();
        assertEquals(List.of("m-1", "m-1/2"), rows.stream().map(r -> r.columns().get(LoginRow.MESSAGE_ID)).toList());
    }

    @Test
    void anExchangeThatDidNotComeFromSqsIsRefusedNotBatched() {
        Exchange notFromSqs = new DefaultExchange(context);
        notFromSqs.getMessage().setBody(event("u-1"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> strategy.aggregate(null, notFromSqs));
        assertTrue(refused.getMessage().contains("deleteAfterRead=false"), refused.getMessage());
    }

    @Test
    void aBodyThatIsNotAnEventIsRefusedNamingWhatItIs() {
        Exchange text = exchange(delivery("m-1", "{}"), null);
        text.getMessage().setBody("a string");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> strategy.aggregate(null, text));
        assertTrue(refused.getMessage().contains("String"), refused.getMessage());
    }

    private static Map<String, Object> event(String userId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("user_id", userId);
        event.put("masked_ip", "t-ip");
        event.put("app_version", 2003000);
        return event;
    }

    private static Delivery delivery(String id, String body) {
        return new Delivery(null, "rh-" + id, id, new Origin(id, "1700000000000", Origin.Claim.NONE), body);
    }

    private Exchange exchange(Delivery delivery, Map<String, Object> event) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(Delivery.PROPERTY, delivery);
        exchange.getMessage().setBody(event);
        return exchange;
    }
}
