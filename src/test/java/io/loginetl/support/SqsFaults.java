package io.loginetl.support;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults for the pipeline's own SqsClient, added to it by the setting {@code sqs.interceptors} (the pipeline
 * runs in the test's JVM): fails DeleteMessage and DeleteMessageBatch calls before they reach the server, as
 * an SQS outage that still lets receives and sends through would; and records when each message id was
 * received. The server is the real ElasticMQ throughout: nothing answers in its place.
 */
public class SqsFaults implements ExecutionInterceptor {

    private static final AtomicInteger deletesToFail = new AtomicInteger();
    private static final AtomicInteger deletesFailed = new AtomicInteger();
    private static final Map<String, List<Long>> receivedAtMillis = new ConcurrentHashMap<>();

    /** Clears what earlier runs recorded. */
    public static void reset() {
        deletesToFail.set(0);
        deletesFailed.set(0);
        receivedAtMillis.clear();
    }

    /** The next {@code n} delete calls fail (0: none from now on). */
    public static void failNextDeletes(int n) {
        deletesToFail.set(n);
    }

    public static int deletesFailed() {
        return deletesFailed.get();
    }

    /** Per SQS message id, when each receive returned it (epoch ms). */
    public static Map<String, List<Long>> receives() {
        return receivedAtMillis;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (("DeleteMessage".equals(operation) || "DeleteMessageBatch".equals(operation))
                && deletesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            deletesFailed.incrementAndGet();
            throw SdkClientException.create("delete failure injected by the test");
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof ReceiveMessageResponse received) {
            long now = System.currentTimeMillis();
            for (Message message : received.messages()) {
                receivedAtMillis.computeIfAbsent(message.messageId(), id -> new CopyOnWriteArrayList<>()).add(now);
            }
        }
    }
}
