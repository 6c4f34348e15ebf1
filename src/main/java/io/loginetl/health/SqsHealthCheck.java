package io.loginetl.health;

import io.loginetl.config.Redact;
import io.loginetl.message.SourceQueue;
import io.loginetl.sqs.RouteQueues;
import io.loginetl.sqs.SqsFailures;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Readiness: GetQueueAttributes on every queue the routes read (the aws2-sqs consumers' own queues and
 * clients, not a setting), each answering within {@code timeout}. DOWN while SQS is unreachable, refuses
 * our credentials, or a queue is gone. The details carry the queue names and their approximate depth, so
 * the same calls that prove SQS is there also say how much work is waiting; never credentials or message
 * contents.
 */
public class SqsHealthCheck extends AbstractHealthCheck {

    public static final String ID = "sqs";

    private final CamelContext context;
    private final RouteQueues sources;
    private final Duration timeout;
    private final QueueBacklog backlog;

    /** {@code backlog} is told the visible messages each reading finds, for the stall check (liveness). */
    public SqsHealthCheck(CamelContext context, RouteQueues sources, Duration timeout, QueueBacklog backlog) {
        super("login-etl", ID);
        this.context = context;
        this.sources = sources;
        this.timeout = timeout;
        this.backlog = backlog;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<SourceQueue> queues;
        try {
            queues = sources.read(context);
        } catch (RuntimeException e) {
            backlog.record(-1);
            builder.message("SQS queues of the routes: " + e.getMessage()).down();
            return;
        }
        builder.detail("sqs.queue", queues.stream().map(SourceQueue::name).collect(Collectors.joining(",")));
        builder.detail("sqs.endpoint", queues.stream().map(q -> Redact.endpoint(q.endpoint())).distinct()
                .collect(Collectors.joining(",")));
        long visible = 0;
        long inFlight = 0;
        for (SourceQueue queue : queues) {
            try {
                Map<QueueAttributeName, String> attributes = queue.client().getQueueAttributes(b -> b.queueUrl(queue.url())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout))).attributes();
                visible += Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
                inFlight += Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
            } catch (SdkException e) {
                backlog.record(-1); // unknown: an SQS outage is no stall of ours
                builder.message("SQS queue " + queue.name() + " at " + Redact.hostPort(queue.endpoint()) + ": " + describe(e)).down();
                return;
            }
        }
        backlog.record(visible);
        builder.detail("sqs.messages.visible", Long.toString(visible));
        builder.detail("sqs.messages.in-flight", Long.toString(inFlight));
        builder.up();
    }

    /** A refusal with its error code, a timeout, or unreachable: {@link SqsFailures#describe}, never the exception text. */
    String describe(SdkException failure) {
        if (failure instanceof ApiCallTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        return (failure instanceof AwsServiceException ? "GetQueueAttributes refused (" : "unreachable (") + SqsFailures.describe(failure) + ")";
    }
}
