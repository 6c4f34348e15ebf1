package io.loginetl.row;

import io.loginetl.parking.Origin;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowBatchAggregationTest {

    private final CamelContext context = new DefaultCamelContext();

    @Test
    void aBatchHoldsItsRowsAndTheirEstimatedBytes() {
        RowBatchAggregation strategy = new RowBatchAggregation();
        LoginRow small = row("u-1", "{\"user_id\": \"u-1\"}");
        LoginRow large = row("u-2", "x".repeat(200_000));
        Exchange first = exchange(small);
        Exchange batch = strategy.aggregate(null, first);
        assertNotSame(first, batch, "the batch is a holder of its own, not the first row's exchange");
        batch = strategy.aggregate(batch, exchange(large));

        assertEquals(List.of(small, large), batch.getMessage().getBody(List.class));
        assertEquals(small.estimatedBytes() + large.estimatedBytes(), batch.getProperty(RowBatchAggregation.BATCH_BYTES, Long.class));
        assertTrue(large.estimatedBytes() >= 400_000, "2 bytes a char of the raw body at least");
    }

    @Test
    void aBatchIsFullOnceItsRowsReachMaxBytes() {
        RowBatchAggregation strategy = new RowBatchAggregation();
        LoginRow row = row("u-1", "x".repeat(1_000));
        strategy.setMaxBytes(2 * row.estimatedBytes());
        Exchange batch = strategy.aggregate(null, exchange(row));
        assertFalse(strategy.matches(batch), "one row is half the limit");
        batch = strategy.aggregate(batch, exchange(row));
        assertTrue(strategy.matches(batch), "two rows reach it");
    }

    @Test
    void onlyTheRowsColumnsTravelOnUnknownFieldsStayBehind() {
        Map<String, Object> event = new HashMap<>(Map.of("user_id", "u-1", "device_type", "ios", "masked_ip", "t-ip",
                "masked_device_id", "t-dev", "app_version", 2003000, "unknown_huge_field", "y".repeat(100_000)));
        LoginRow row = LoginRow.of(event, new Origin("m-1", "1700000000000", Origin.Claim.NONE), "m-1", null, "rh", "{}");
        assertFalse(row.toString().contains("yyyy"), "no unknown field in the row");
        assertTrue(row.estimatedBytes() < 1_000, "a small row: " + row.estimatedBytes());
        assertEquals(null, row.locale(), "a missing locale is NULL");
        assertEquals(2003000, row.appVersion());
    }

    private static LoginRow row(String userId, String rawBody) {
        return new LoginRow("m-" + userId, "m-" + userId, "1700000000000", null, "rh", userId, "ios", "t-ip", "t-dev", null,
                1, java.time.LocalDate.of(2023, 11, 14), rawBody);
    }

    private Exchange exchange(LoginRow row) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(row);
        return exchange;
    }
}
