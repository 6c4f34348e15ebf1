package io.loginetl.row;

import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.sqs.SqsAck;
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
        row.put(SqsAck.MESSAGE_ID, DeadLetterQueue.originalMessageId(exchange));
        row.put(SqsAck.RECEIPT_HANDLE, exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class));
        row.put("create_date", createDate(exchange.getMessage().getHeader("SentTimestamp", String.class)));
        row.put("raw_body", exchange.getVariable(RAW_BODY_VARIABLE, String.class));
        row.putIfAbsent("locale", null);
    }

    /** The UTC calendar date of an SQS SentTimestamp (epoch milliseconds); today when SQS sent none. */
    public static LocalDate createDate(String sentTimestamp) {
        Instant sent = sentTimestamp == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(sentTimestamp));
        return LocalDate.ofInstant(sent, ZoneOffset.UTC);
    }
}
