package io.loginetl.parking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.loginetl.observability.PipelineMetrics;
import io.loginetl.sqs.SqsAck;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Instant;
import java.util.Map;

/**
 * Parks a message that can never be loaded: its original body goes to the dead-letter queue with the
 * reason, the source message id, the source queue and the time as message attributes, and then it is
 * deleted from the source queue. Reasons name rules and fields, never values, so they hold no PII.
 */
public class DeadLetterQueue {

    public static final String REASON = "reason";
    public static final String REASON_DETAIL = "reason-detail";
    public static final String SOURCE_MESSAGE_ID = "source-message-id";
    public static final String SOURCE_QUEUE = "source-queue";
    public static final String FAILED_AT = "failed-at";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);

    private final SqsClient sqs;
    private final String dlqUrl;
    private final String sourceQueue;
    private final SqsAck ack;
    private final PipelineMetrics metrics;

    public DeadLetterQueue(SqsClient sqs, String dlqUrl, String sourceQueue, SqsAck ack, PipelineMetrics metrics) {
        this.metrics = metrics;
        this.sqs = sqs;
        this.dlqUrl = dlqUrl;
        this.sourceQueue = sourceQueue;
        this.ack = ack;
    }

    /** The onException path: the exchange holds the original SQS message and the caught exception. */
    public void park(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String messageId = originalMessageId(exchange);
        send(exchange.getMessage().getBody(String.class), messageId, cause);
        ack.delete(exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class));
    }

    /**
     * The id the ledger knows this message by: its SQS message id, or, for a message that came back
     * from the dead-letter queue by redrive, the id it had when it first arrived. So a message that
     * was parked twice (a crash between park and delete) and redriven twice still loads once.
     */
    public static String originalMessageId(Exchange exchange) {
        String original = exchange.getMessage().getHeader(SOURCE_MESSAGE_ID, String.class);
        return original != null ? original : exchange.getMessage().getHeader("CamelAwsSqsMessageId", String.class);
    }

    /** The batch path: one row of a batch that the database refused, isolated after a row-by-row retry. */
    public void parkRow(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        send((String) row.get("raw_body"), (String) row.get(SqsAck.MESSAGE_ID), cause);
        ack.delete((String) row.get(SqsAck.RECEIPT_HANDLE));
    }

    private void send(String body, String messageId, Throwable cause) {
        Reason rejection = reasonOf(cause);
        String detail = detailOf(cause, rejection);
        sqs.sendMessage(b -> b.queueUrl(dlqUrl)
                .messageBody(body == null || body.isEmpty() ? "(empty body)" : body)
                .messageAttributes(Map.of(
                        REASON, text(rejection.code()),
                        REASON_DETAIL, text(detail),
                        SOURCE_MESSAGE_ID, text(messageId == null ? "unknown" : messageId),
                        SOURCE_QUEUE, text(sourceQueue),
                        FAILED_AT, text(Instant.now().toString()))));
        metrics.rejected(rejection);
        LOG.warn("Parked message {} in the dead-letter queue: {}", messageId, detail);
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
            if (t instanceof java.sql.SQLException || t instanceof DataAccessException) {
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
            if (t instanceof java.sql.SQLException sql) {
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
