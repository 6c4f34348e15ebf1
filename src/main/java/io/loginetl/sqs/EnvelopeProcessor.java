package io.loginetl.sqs;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Completes the row with what SQS knows about the message: its id (the ledger key), its receipt
 * handle (to delete it after commit), create_date (the UTC date of SentTimestamp) and the original
 * body (for the dead-letter queue, should the database refuse the row).
 */
public class EnvelopeProcessor implements Processor {

    public static final String RAW_BODY_VARIABLE = "rawBody";

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        row.put(SqsAck.MESSAGE_ID, originalMessageId(exchange));
        row.put(SqsAck.RECEIPT_HANDLE, exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class));
        row.put("create_date", createDate(exchange.getMessage().getHeader("SentTimestamp", String.class)));
        row.put("raw_body", exchange.getVariable(RAW_BODY_VARIABLE, String.class));
        row.putIfAbsent("locale", null);
    }

    /**
     * The id the ledger knows this message by: its SQS message id, or, for a message that came back
     * from the dead-letter queue by redrive, the id it had when it first arrived. So a message that
     * was parked twice (a crash between park and delete) and redriven twice still loads once.
     */
    public static String originalMessageId(Exchange exchange) {
        String original = exchange.getMessage().getHeader(DeadLetterQueue.SOURCE_MESSAGE_ID, String.class);
        return original != null ? original : exchange.getMessage().getHeader("CamelAwsSqsMessageId", String.class);
    }

    /** The UTC calendar date of an SQS SentTimestamp (epoch milliseconds); today when SQS sent none. */
    public static LocalDate createDate(String sentTimestamp) {
        Instant sent = sentTimestamp == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(sentTimestamp));
        return LocalDate.ofInstant(sent, ZoneOffset.UTC);
    }
}
