package io.loginetl.message;


import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A row for the insert: the event's fields as the route left them (validated, masked, versioned; whatever a
 * step added), plus {@value #MESSAGE_ID} (its ledger key) and {@value #CREATE_DATE}; and the {@link Delivery}
 * it came from, which is settled once the row is committed or parked.
 *
 * @param estimatedBytes an upper bound of the heap it holds, with the body as received (see {@link #estimate})
 */
public record LoginRow(Delivery delivery, Map<String, Object> columns, long estimatedBytes) {

    /** The column with the row's ledger key: its message's id (the original one of a redriven message). */
    public static final String MESSAGE_ID = "message_id";
    /** The column with the UTC date of the message's SentTimestamp (the original one of a redriven message). */
    public static final String CREATE_DATE = "create_date";

    /** Fixed cost of a row beyond its text: the record, the map's entries, the strings' headers; rounded up. */
    static final int OVERHEAD_BYTES = 512;

    /** The row of an event, which becomes its columns (the map is taken over, not copied). */
    public static LoginRow of(Map<String, Object> event, Delivery delivery, String ledgerKey) {
        event.put(MESSAGE_ID, ledgerKey);
        event.put(CREATE_DATE, createDate(delivery.origin().sentTimestamp()));
        return new LoginRow(delivery, event, estimate(event, delivery.body()));
    }

    /** The UTC calendar date of an SQS SentTimestamp (epoch milliseconds); today when SQS sent none. */
    public static LocalDate createDate(String sentTimestamp) {
        Instant sent = sentTimestamp == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(sentTimestamp));
        return LocalDate.ofInstant(sent, ZoneOffset.UTC);
    }

    /**
     * 2 bytes per char of the body as received and of each key and text value (a string holds 1 per char when its
     * chars are all Latin-1, else 2), plus {@link #OVERHEAD_BYTES} and 64 per entry: ~1.5 KB for a typical login,
     * ~4x the body for a large one (kept as received for the dead-letter queue, and parsed).
     */
    static long estimate(Map<String, Object> columns, String body) {
        long bytes = OVERHEAD_BYTES + 2L * length(body);
        for (Map.Entry<String, Object> entry : columns.entrySet()) {
            bytes += 64 + 2L * length(entry.getKey()) + (entry.getValue() instanceof CharSequence text ? 2L * text.length() : 16);
        }
        return bytes;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
