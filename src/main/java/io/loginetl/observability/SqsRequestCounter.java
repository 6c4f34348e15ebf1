package io.loginetl.observability;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts SQS API calls by operation, and the messages the receives returned, as the SDK makes them. */
public class SqsRequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder messagesReceived = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof ReceiveMessageResponse received) {
            messagesReceived.add(received.messages().size());
        }
    }

    /** Calls per operation so far; the map is live. */
    public Map<String, LongAdder> requests() {
        return requests;
    }

    public long total() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }
}
