package io.loginetl.message;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowBatchTest {

    @Test
    void eachNameIsThatFieldOfEveryRowInOrder() {
        RowBatch batch = batch(Map.of("user_id", "u-1", "app_version", 2003000), Map.of("user_id", "u-2", "app_version", 1000));
        assertArrayEquals(new String[] {"u-1", "u-2"}, (String[]) batch.get("user_id"));
        assertArrayEquals(new Integer[] {2003000, 1000}, (Integer[]) batch.get("app_version"), "integers stay integers");
        assertArrayEquals(new String[] {"m-1", "m-2"}, (String[]) batch.get(LoginRow.MESSAGE_ID));
        assertArrayEquals(new String[] {"2023-11-14", "2023-11-14"}, (String[]) batch.get(LoginRow.CREATE_DATE), "dates in ISO form");
    }

    @Test
    void aFieldSomeRowsLackIsNullThereAndOneNoRowHasIsAllNulls() {
        Map<String, Object> withLocale = new LinkedHashMap<>(Map.of("user_id", "u-1", "locale", "RU"));
        Map<String, Object> nullLocale = new LinkedHashMap<>(Map.of("user_id", "u-2"));
        nullLocale.put("locale", null);
        RowBatch batch = batch(withLocale, nullLocale);
        assertArrayEquals(new String[] {"RU", null}, (String[]) batch.get("locale"));
        assertTrue(batch.containsKey("country"), "camel-sql finds every name");
        assertArrayEquals(new String[] {null, null}, (String[]) batch.get("country"));
    }

    @Test
    void mixedTypesAreTextAndObjectsAreJson() {
        RowBatch batch = batch(Map.of("n", 1, "o", Map.of("a", 1)), Map.of("n", "two", "o", List.of(1, 2)));
        assertArrayEquals(new String[] {"1", "two"}, (String[]) batch.get("n"));
        assertArrayEquals(new String[] {"{\"a\":1}", "[1,2]"}, (String[]) batch.get("o"));
    }

    @Test
    void anEmptyBatchStillAnswersEveryNameForTheStartUpCheck() {
        RowBatch empty = new RowBatch();
        assertFalse(empty.isEmpty(), "camel-sql treats an empty Map as no body at all");
        assertEquals(0, ((Object[]) empty.get("user_id")).length);
    }

    @Test
    void rowByRowGivesABatchOfOneForEachRow() {
        RowBatch batch = batch(Map.of("user_id", "u-1"), Map.of("user_id", "u-2"));
        List<RowBatch> single = batch.rowByRow();
        assertEquals(2, single.size());
        assertArrayEquals(new String[] {"u-2"}, (String[]) single.get(1).get("user_id"));
        assertEquals(batch.rows().get(1).estimatedBytes(), single.get(1).estimatedBytes());
    }

    @Test
    void itsTextNeverShowsAValue() {
        RowBatch batch = batch(Map.of("user_id", "a-secret-user"));
        assertEquals("RowBatch[1 rows]", batch.toString());
        assertInstanceOf(Object[].class, batch.get("user_id"));
        assertFalse(Arrays.toString(batch.entrySet().toArray()).isEmpty());
    }

    @SafeVarargs
    private static RowBatch batch(Map<String, Object>... events) {
        RowBatch batch = new RowBatch();
        int i = 0;
        for (Map<String, Object> event : events) {
            i++;
            Delivery delivery = new Delivery(null, "rh", "m-" + i, new Origin("m-" + i, "1700000000000", Origin.Claim.NONE), "{}");
            batch.add(LoginRow.of(new LinkedHashMap<>(event), delivery, delivery.rowHanded()));
        }
        return batch;
    }
}
