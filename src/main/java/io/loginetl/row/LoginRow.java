package io.loginetl.row;

import io.loginetl.parking.Origin;
import io.loginetl.sqs.SourceQueue;

import java.time.LocalDate;
import java.util.Map;

/**
 * What a valid message becomes, and all that travels on with it to its batch: the user_logins columns,
 * the envelope needed to delete it from its queue after commit (source queue, receipt handle), and its
 * body as received, for the dead-letter queue should the database refuse the row. Nothing else: the
 * event's unknown fields end with the parsed event, so a row costs about its body in memory
 * ({@link #estimatedBytes()}), and a batch can be bounded by bytes.
 *
 * @param messageId      the ledger key: the SQS message id, or a redriven message's sealed original id
 * @param sqsMessageId   this delivery's own SQS message id (the parking key)
 * @param sentTimestamp  SQS SentTimestamp of the original message (epoch ms), null if SQS sent none
 * @param createDate     the UTC date of sentTimestamp
 */
public record LoginRow(String messageId, String sqsMessageId, String sentTimestamp, SourceQueue sourceQueue,
        String receiptHandle, String userId, String deviceType, String maskedIp, String maskedDeviceId, String locale,
        Integer appVersion, LocalDate createDate, String rawBody) {

    /**
     * Fixed cost of a row beyond its text: the record, its strings' headers, the LocalDate, the list slot
     * and the column arrays' share; rounded up.
     */
    static final int OVERHEAD_BYTES = 512;

    /**
     * The row of a validated, masked and versioned event (keys user_id, device_type, masked_ip,
     * masked_device_id, locale, app_version); every other key of the event is left behind.
     */
    public static LoginRow of(Map<String, Object> event, Origin origin, String sqsMessageId, SourceQueue sourceQueue,
            String receiptHandle, String rawBody) {
        return new LoginRow(origin.messageId(), sqsMessageId, origin.sentTimestamp(), sourceQueue, receiptHandle,
                (String) event.get("user_id"), (String) event.get("device_type"), (String) event.get("masked_ip"),
                (String) event.get("masked_device_id"), (String) event.get("locale"), (Integer) event.get("app_version"),
                EnvelopeProcessor.createDate(origin.sentTimestamp()), rawBody);
    }

    /**
     * An upper bound of the heap the row holds: 2 bytes per char (a string holds 1 per char when all its
     * chars are Latin-1, else 2) plus {@link #OVERHEAD_BYTES}. Dominated by the raw body: ~1 KB for a
     * typical login, ~2x the body for a large one.
     */
    public long estimatedBytes() {
        long chars = length(messageId) + length(sqsMessageId) + length(sentTimestamp) + length(receiptHandle)
                + length(userId) + length(deviceType) + length(maskedIp) + length(maskedDeviceId) + length(locale)
                + length(rawBody);
        return OVERHEAD_BYTES + 2 * chars;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
