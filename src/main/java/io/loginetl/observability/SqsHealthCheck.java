package io.loginetl.observability;

import io.loginetl.config.Redact;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.Map;

/**
 * Readiness: GetQueueAttributes on the source queue, with the pipeline's SQS client, answers within
 * {@code timeout}. DOWN while SQS is unreachable, refuses our credentials, or the queue is gone.
 * The details carry the queue name and its approximate depth, so the same call that proves SQS is
 * there also says how much work is waiting; never credentials or message contents.
 */
public class SqsHealthCheck extends AbstractHealthCheck {

    public static final String ID = "sqs";

    private final SqsClient sqs;
    private final String queueName;
    private final String queueUrl;
    private final String where;
    private final String server;
    private final Duration timeout;
    private final QueueBacklog backlog;

    public SqsHealthCheck(SqsClient sqs, String queueName, String queueUrl, String endpoint, Duration timeout) {
        this(sqs, queueName, queueUrl, endpoint, timeout, new QueueBacklog());
    }

    /** As above, telling {@code backlog} the visible messages it reads, for the stall check (liveness). */
    public SqsHealthCheck(SqsClient sqs, String queueName, String queueUrl, String endpoint, Duration timeout,
            QueueBacklog backlog) {
        super("login-etl", ID);
        this.sqs = sqs;
        this.queueName = queueName;
        this.queueUrl = queueUrl;
        this.where = Redact.endpoint(endpoint);
        this.server = Redact.hostPort(endpoint);
        this.timeout = timeout;
        this.backlog = backlog;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("sqs.queue", queueName);
        builder.detail("sqs.endpoint", where);
        try {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))).attributes();
            String visible = attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            backlog.record(visible == null ? -1 : Long.parseLong(visible));
            builder.detail("sqs.messages.visible", visible);
            builder.detail("sqs.messages.in-flight", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            builder.up();
        } catch (SdkException e) {
            backlog.record(-1); // unknown: an SQS outage is no stall of ours
            builder.message("SQS queue " + queueName + " at " + server + ": " + describe(e)).down();
        }
    }

    /** The AWS error code or the client-side failure's class; never the exception text. */
    String describe(SdkException failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return "GetQueueAttributes refused: " + service.awsErrorDetails().errorCode()
                    + " (HTTP " + service.statusCode() + ")";
        }
        if (failure instanceof ApiCallTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return "unreachable (" + innermost.getClass().getSimpleName() + ")";
    }
}
