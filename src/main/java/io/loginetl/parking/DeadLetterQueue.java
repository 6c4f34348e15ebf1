package io.loginetl.parking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.loginetl.config.StartupException;
import io.loginetl.db.SqlStates;
import io.loginetl.message.Delivery;
import io.loginetl.message.LoginRow;
import io.loginetl.message.Origin;
import io.loginetl.message.ParkException;
import io.loginetl.message.Reason;
import io.loginetl.message.RowBatch;
import io.loginetl.message.SourceQueue;
import io.loginetl.observability.FailureEpisode;
import io.loginetl.observability.PipelineMetrics;
import io.loginetl.origin.RedriveSeal;
import io.loginetl.sqs.SqsDeletes;
import io.loginetl.sqs.SqsFailures;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parks a message that can never be loaded: its body as received goes to the dead-letter queue the
 * route names, with the reason, its origin (id and SentTimestamp, sealed), the queue it came from and
 * the time as message attributes. Each SQS message is parked once ({@link ParkedMessages}). Reasons name
 * rules and fields, never values, so they hold no PII. Once parked, the message is deleted from its queue
 * as its exchange ends (MessageSettlement), like any message settled.
 * <p>
 * Parking never fails the exchange. When the DLQ or the database cannot be reached, nothing is sent and the
 * message is kept: it stays in its queue and is parked when it comes back after its visibility timeout;
 * such a run of failures is logged once.
 */
public class DeadLetterQueue {

    public static final String REASON = "reason";
    public static final String REASON_DETAIL = "reason-detail";
    public static final String SOURCE_QUEUE = "source-queue";
    public static final String FAILED_AT = "failed-at";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);

    private final ParkedMessages parked;
    private final RedriveSeal seal;
    private final SqsDeletes ack;
    private final PipelineMetrics metrics;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final FailureEpisode failing = new FailureEpisode();

    public DeadLetterQueue(ParkedMessages parked, RedriveSeal seal, SqsDeletes ack, PipelineMetrics metrics) {
        this.parked = parked;
        this.seal = seal;
        this.ack = ack;
        this.metrics = metrics;
    }

    /**
     * The route's park step ({@code method: "park('{{sqs.dlq}}')"} in an onException): parks the message the
     * exchange was received as, for the exception it caught.
     */
    public void park(String deadLetterQueue, Exchange exchange) {
        Delivery delivery = exchange.getProperty(Delivery.PROPERTY, Delivery.class);
        if (delivery == null) {
            couldNotPark(deadLetterQueue, new IllegalStateException("the park step takes messages received from SQS by a"
                    + " route whose from is aws2-sqs with deleteAfterRead=false; this one came from " + exchange.getFromEndpoint()));
            return;
        }
        try {
            parkOnce(new Parcel(delivery.body(), delivery.sqsMessageId(), delivery.origin(), delivery.queue(),
                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), deadLetterQueue));
            delivery.parked();
        } catch (RuntimeException e) {
            delivery.keep();
            couldNotPark(deadLetterQueue, e);
        }
    }

    /**
     * The row-by-row retry's park step ({@code method: "parkRows('{{sqs.dlq}}')"} in a doCatch): parks the
     * messages of the rows in the body (a batch of one) that the database refused, and settles them.
     */
    public void parkRows(String deadLetterQueue, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
        if (batch == null) {
            couldNotPark(deadLetterQueue, new IllegalStateException("the parkRows step takes the batch the insert was given"));
            return;
        }
        for (LoginRow row : batch.rows()) {
            Delivery delivery = row.delivery();
            try {
                parkOnce(new Parcel(delivery.body(), delivery.sqsMessageId(), delivery.origin(), delivery.queue(), cause,
                        deadLetterQueue));
            } catch (RuntimeException e) {
                delivery.keep();
                couldNotPark(deadLetterQueue, e);
            }
            if (delivery.rowDone() != Delivery.Settled.NOT_YET) {
                ack.deleteSoon(delivery);
            }
        }
    }

    /** A message to park: where it came from, who it is, and why. */
    private record Parcel(String body, String sqsMessageId, Origin origin, SourceQueue source, Throwable cause,
            String deadLetterQueue) {
    }

    private void parkOnce(Parcel parcel) {
        if (parcel.deadLetterQueue() == null || parcel.deadLetterQueue().isBlank()) {
            throw new IllegalStateException("the route's park step names no dead-letter queue: method: \"park('{{sqs.dlq}}')\"");
        }
        Reason rejection = reasonOf(parcel.cause());
        String detail = detailOf(parcel.cause(), rejection);
        ParkedMessages.Outcome outcome;
        try {
            outcome = parked.once(parcel.sqsMessageId(), () -> send(parcel, rejection, detail));
        } catch (SQLException e) {
            throw new IllegalStateException("the database cannot say whether it was parked before: " + SqlStates.describe(e));
        }
        if (failing.succeeded()) {
            LOG.info("Parking works again");
        }
        switch (outcome) {
            case PARKED, PARKED_UNRECORDED -> {
                metrics.rejected(rejection);
                LOG.warn("Parked message {} in the dead-letter queue: {}", parcel.origin().messageId(), detail);
            }
            case ALREADY_PARKED -> {
                metrics.parkedBefore();
                LOG.debug("Message {} was parked before: deleted, not parked again", parcel.origin().messageId());
            }
        }
    }

    private void send(Parcel parcel, Reason rejection, String detail) {
        SourceQueue source = parcel.source();
        String url = queueUrls.computeIfAbsent(source.url() + " " + parcel.deadLetterQueue(),
                k -> DeadLetterQueueCreation.urlCreatingIfMissing(source.client(), parcel.deadLetterQueue(), source.endpoint()));
        String body = parcel.body() == null || parcel.body().isEmpty() ? "(empty body)" : parcel.body();
        Origin origin = parcel.origin();
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(REASON, text(rejection.code()));
        attributes.put(REASON_DETAIL, text(detail));
        attributes.put(Origin.SOURCE_MESSAGE_ID, text(origin.messageId() == null ? "unknown" : origin.messageId()));
        if (origin.sentTimestamp() != null) {
            attributes.put(Origin.SOURCE_SENT_TIMESTAMP, text(origin.sentTimestamp()));
        }
        if (origin.messageId() != null) {
            // Lets a redrive of this message claim its original id and date; nobody without the key can mint one.
            attributes.put(Origin.SOURCE_SEAL, text(seal.seal(origin.messageId(), origin.sentTimestamp(), body)));
        }
        attributes.put(SOURCE_QUEUE, text(source.name()));
        attributes.put(FAILED_AT, text(Instant.now().toString()));
        source.client().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(attributes));
    }

    private void couldNotPark(String deadLetterQueue, RuntimeException failure) {
        if (failing.failed()) {
            // Our own exceptions say what is wrong without values; of anything else, the class only.
            String why = failure instanceof SdkException sdk ? "SQS: " + SqsFailures.describe(sdk)
                    : failure instanceof IllegalStateException || failure instanceof StartupException ? failure.getMessage()
                    : failure.getClass().getSimpleName();
            LOG.warn("Could not park a message in the dead-letter queue {} ({}): it stays in its queue and is parked when"
                    + " it comes back after its visibility timeout; further failures are not logged until parking works again",
                    deadLetterQueue, why);
        }
    }

    /** The rejection class of a failure; exceptions from parsers are classified, never quoted. */
    public static Reason reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ParkException invalid) {
                return invalid.reason();
            }
            if (t instanceof MismatchedInputException) {
                return Reason.NOT_AN_OBJECT;
            }
            if (t instanceof JsonProcessingException) {
                return Reason.MALFORMED_JSON;
            }
            if (t instanceof SQLException) {
                return Reason.REJECTED_BY_DATABASE;
            }
        }
        return Reason.UNKNOWN;
    }

    private static String detailOf(Throwable failure, Reason rejection) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ParkException invalid) {
                return invalid.getMessage();
            }
            if (t instanceof SQLException sql) {
                // SQLState only: Postgres error texts can quote the offending value.
                return rejection.code() + ": SQLState " + sql.getSQLState();
            }
        }
        return switch (rejection) {
            case NOT_AN_OBJECT -> rejection.code() + ": the body is JSON but not an object";
            case MALFORMED_JSON -> rejection.code() + ": the body is not valid JSON";
            // The class only: an exception's text can quote the message.
            default -> rejection.code() + ": " + (failure == null ? "no exception recorded" : failure.getClass().getSimpleName());
        };
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
