package io.loginetl.row;

import io.loginetl.parking.Origin;
import io.loginetl.parking.Origins;
import io.loginetl.sqs.SourceQueues;
import io.loginetl.sqs.SqsAck;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Completes the row with what SQS knows about the message: the id the ledger knows it by (its own, or the
 * sealed original id of a redriven message), its own SQS id (the parking key), the queue it came from and
 * its receipt handle (to delete it there after commit), create_date (the UTC date of its original
 * SentTimestamp) and the original body (for the dead-letter queue, should the database refuse the row).
 */
public class EnvelopeProcessor implements Processor {

    /** The variable the route keeps the body as received in, before it is parsed. */
    public static final String RAW_BODY_VARIABLE = "rawBody";
    /** Row keys. */
    public static final String MESSAGE_ID = "message_id";
    public static final String SQS_MESSAGE_ID = "sqs_message_id";
    public static final String SENT_TIMESTAMP = "sent_timestamp";
    public static final String RAW_BODY = "raw_body";

    private final Origins origins;
    private final SourceQueues sources;

    public EnvelopeProcessor(Origins origins, SourceQueues sources) {
        this.origins = origins;
        this.sources = sources;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        String rawBody = exchange.getVariable(RAW_BODY_VARIABLE, String.class);
        Origin origin = origins.of(exchange, rawBody);
        row.put(MESSAGE_ID, origin.messageId());
        row.put(SQS_MESSAGE_ID, exchange.getMessage().getHeader(Sqs2Constants.MESSAGE_ID, String.class));
        row.put(SENT_TIMESTAMP, origin.sentTimestamp());
        row.put(SqsAck.SOURCE_QUEUE, sources.of(exchange.getFromEndpoint()));
        row.put(SqsAck.RECEIPT_HANDLE, exchange.getMessage().getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class));
        row.put("create_date", createDate(origin.sentTimestamp()));
        row.put(RAW_BODY, rawBody);
        row.putIfAbsent("locale", null);
    }

    /** The UTC calendar date of an SQS SentTimestamp (epoch milliseconds); today when SQS sent none. */
    public static LocalDate createDate(String sentTimestamp) {
        Instant sent = sentTimestamp == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(sentTimestamp));
        return LocalDate.ofInstant(sent, ZoneOffset.UTC);
    }
}
