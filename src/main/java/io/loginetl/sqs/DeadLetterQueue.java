package io.loginetl.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.loginetl.metrics.PipelineMetrics;
import io.loginetl.validation.InvalidLoginEventException;
import io.loginetl.validation.Rejection;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;
import org.slf4j.LoggerFactory;
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
        String messageId = EnvelopeProcessor.originalMessageId(exchange);
        send(exchange.getMessage().getBody(String.class), messageId, cause);
        ack.delete(exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class));
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
        Rejection rejection = rejectionOf(cause);
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
    public static Rejection rejectionOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidLoginEventException invalid) {
                return invalid.rejection();
            }
            if (t instanceof MismatchedInputException) {
                return Rejection.NOT_AN_OBJECT;
            }
            if (t instanceof JsonProcessingException) {
                return Rejection.MALFORMED_JSON;
            }
            if (t instanceof java.sql.SQLException || t instanceof DataAccessException) {
                return Rejection.REJECTED_BY_DATABASE;
            }
        }
        return Rejection.MALFORMED_JSON;
    }

    private static String detailOf(Throwable failure, Rejection rejection) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidLoginEventException invalid) {
                return invalid.getMessage();
            }
            if (t instanceof java.sql.SQLException sql) {
                // SQLState only: Postgres error texts can quote the offending value.
                return rejection.code() + ": SQLState " + sql.getSQLState();
            }
        }
        return switch (rejection) {
            case NOT_AN_OBJECT -> rejection.code() + ": the body is JSON but not an object";
            default -> rejection.code() + ": the body is not valid JSON";
        };
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
