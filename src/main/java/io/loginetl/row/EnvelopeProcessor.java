package io.loginetl.row;

import io.loginetl.parking.Origins;
import io.loginetl.sqs.SourceQueues;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Turns the validated, masked and versioned event into its {@link LoginRow}, with what SQS knows about the
 * message: the id the ledger knows it by (its own, or the sealed original id of a redriven message), its own
 * SQS id (the parking key), the queue it came from and its receipt handle (to delete it there after commit),
 * create_date (the UTC date of its original SentTimestamp) and the body as received (for the dead-letter
 * queue, should the database refuse the row). The event's other fields stay behind.
 */
public class EnvelopeProcessor implements Processor {

    /** The variable the route keeps the body as received in, before it is parsed. */
    public static final String RAW_BODY_VARIABLE = "rawBody";

    private final Origins origins;
    private final SourceQueues sources;

    public EnvelopeProcessor(Origins origins, SourceQueues sources) {
        this.origins = origins;
        this.sources = sources;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String rawBody = exchange.getVariable(RAW_BODY_VARIABLE, String.class);
        message.setBody(LoginRow.of(message.getBody(Map.class), origins.of(exchange, rawBody),
                message.getHeader(Sqs2Constants.MESSAGE_ID, String.class), sources.of(exchange.getFromEndpoint()),
                message.getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class), rawBody));
    }

    /** The UTC calendar date of an SQS SentTimestamp (epoch milliseconds); today when SQS sent none. */
    public static LocalDate createDate(String sentTimestamp) {
        Instant sent = sentTimestamp == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(sentTimestamp));
        return LocalDate.ofInstant(sent, ZoneOffset.UTC);
    }
}
