package io.loginetl.parking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.loginetl.config.StartupException;
import io.loginetl.db.SqlStates;
import io.loginetl.observability.FailureEpisode;
import io.loginetl.observability.PipelineMetrics;
import io.loginetl.row.EnvelopeProcessor;
import io.loginetl.row.LoginRow;
import io.loginetl.sqs.SourceQueue;
import io.loginetl.sqs.SourceQueues;
import io.loginetl.sqs.SqsAck;
import io.loginetl.sqs.SqsQueues;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parks a message that can never be loaded: its body as received goes to the dead-letter queue the
 * route names, with the reason, its origin (id and SentTimestamp, sealed), the queue it came from and
 * the time as message attributes; then it is deleted from that queue. Each SQS message is parked once
 * ({@link ParkedMessages}). Reasons name rules and fields, never values, so they hold no PII.
 * <p>
 * Parking never fails the exchange. When the DLQ or the database cannot be reached, nothing is sent or
 * deleted: the message stays in its queue and is parked when it comes back after its visibility timeout;
 * such a run of failures is logged once.
 */
public class DeadLetterQueue {

    public static final String REASON = "reason";
    public static final String REASON_DETAIL = "reason-detail";
    /** The id the ledger knows the message by: its own, or the original id of a redriven message. */
    public static final String SOURCE_MESSAGE_ID = "source-message-id";
    /** The SentTimestamp of the message as it first arrived: create_date of a redriven message. */
    public static final String SOURCE_SENT_TIMESTAMP = "source-sent-timestamp";
    /** The {@link RedriveSeal} of source-message-id, source-sent-timestamp and the body. */
    public static final String SOURCE_SEAL = "source-seal";
    public static final String SOURCE_QUEUE = "source-queue";
    public static final String FAILED_AT = "failed-at";
    /** The attributes that travel with a parked message when it is redriven. */
    public static final List<String> ORIGIN_ATTRIBUTES = List.of(SOURCE_MESSAGE_ID, SOURCE_SENT_TIMESTAMP, SOURCE_SEAL);
    /** The exchange variable that names the dead-letter queue; the route sets it before each park step. */
    public static final String QUEUE_VARIABLE = "deadLetterQueue";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);

    private final ParkedMessages parked;
    private final SourceQueues sources;
    private final Origins origins;
    private final SqsAck ack;
    private final PipelineMetrics metrics;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final FailureEpisode failing = new FailureEpisode();

    public DeadLetterQueue(ParkedMessages parked, SourceQueues sources, Origins origins, SqsAck ack, PipelineMetrics metrics) {
        this.parked = parked;
        this.sources = sources;
        this.origins = origins;
        this.ack = ack;
        this.metrics = metrics;
    }

    /**
     * The onException path: the body as received is the route's {@code rawBody} variable, or, when the failure
     * came before the route kept it, the body itself (not parsed yet). Read from the variable rather than
     * with useOriginalMessage, which would copy every exchange's message on the way in, failing or not.
     */
    public void park(@Variable(EnvelopeProcessor.RAW_BODY_VARIABLE) String rawBody,
            @Header(Sqs2Constants.MESSAGE_ID) String sqsMessageId,
            @Header(Sqs2Constants.RECEIPT_HANDLE) String receiptHandle,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
            @Variable(QUEUE_VARIABLE) String deadLetterQueue, Exchange exchange) {
        try {
            SourceQueue source = sources.of(exchange.getFromEndpoint());
            String body = rawBody != null ? rawBody : exchange.getMessage().getBody(String.class);
            parkOnce(new Parcel(body, sqsMessageId, origins.of(exchange, body), source, receiptHandle, cause, deadLetterQueue));
        } catch (RuntimeException e) {
            couldNotPark(deadLetterQueue, e);
        }
    }

    /** The batch path: one row of a batch that the database refused, isolated after a row-by-row retry. */
    public void parkRow(@Variable("row") LoginRow row, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
            @Variable(QUEUE_VARIABLE) String deadLetterQueue) {
        Origin origin = new Origin(row.messageId(), row.sentTimestamp(), Origin.Claim.NONE);
        try {
            parkOnce(new Parcel(row.rawBody(), row.sqsMessageId(), origin, row.sourceQueue(), row.receiptHandle(), cause,
                    deadLetterQueue));
        } catch (RuntimeException e) {
            couldNotPark(deadLetterQueue, e);
        }
    }

    /** A message to park: where it came from, who it is, and why. */
    private record Parcel(String body, String sqsMessageId, Origin origin, SourceQueue source, String receiptHandle,
            Throwable cause, String deadLetterQueue) {
    }

    private void parkOnce(Parcel parcel) {
        if (parcel.deadLetterQueue() == null || parcel.deadLetterQueue().isBlank()) {
            throw new IllegalStateException("the route names no dead-letter queue: set the variable " + QUEUE_VARIABLE
                    + " (e.g. to {{sqs.dlq}}) before the park step");
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
        ack.delete(parcel.source(), parcel.receiptHandle());
    }

    private void send(Parcel parcel, Reason rejection, String detail) {
        SourceQueue source = parcel.source();
        String url = queueUrls.computeIfAbsent(source.url() + " " + parcel.deadLetterQueue(),
                k -> SqsQueues.createDeadLetterQueue(source.client(), parcel.deadLetterQueue(), source.endpoint()));
        String body = parcel.body() == null || parcel.body().isEmpty() ? "(empty body)" : parcel.body();
        Origin origin = parcel.origin();
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(REASON, text(rejection.code()));
        attributes.put(REASON_DETAIL, text(detail));
        attributes.put(SOURCE_MESSAGE_ID, text(origin.messageId() == null ? "unknown" : origin.messageId()));
        if (origin.sentTimestamp() != null) {
            attributes.put(SOURCE_SENT_TIMESTAMP, text(origin.sentTimestamp()));
        }
        if (origin.messageId() != null) {
            // Lets a redrive of this message claim its original id and date; nobody without the key can mint one.
            attributes.put(SOURCE_SEAL, text(origins.seal().seal(origin.messageId(), origin.sentTimestamp(), body)));
        }
        attributes.put(SOURCE_QUEUE, text(source.name()));
        attributes.put(FAILED_AT, text(Instant.now().toString()));
        source.client().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(attributes));
    }

    private void couldNotPark(String deadLetterQueue, RuntimeException failure) {
        if (failing.failed()) {
            // Our own exceptions say what is wrong without values; of anything else, the class only.
            String why = failure instanceof SdkException sdk ? "SQS: " + sdkFailure(sdk)
                    : failure instanceof IllegalStateException || failure instanceof StartupException ? failure.getMessage()
                    : failure.getClass().getSimpleName();
            LOG.warn("Could not park a message in the dead-letter queue {} ({}): it stays in its queue and is parked when"
                    + " it comes back after its visibility timeout; further failures are not logged until parking works again",
                    deadLetterQueue, why);
        }
    }

    private static String sdkFailure(SdkException failure) {
        if (failure instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ", HTTP " + service.statusCode();
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return innermost.getClass().getSimpleName();
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
