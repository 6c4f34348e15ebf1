package io.loginetl.sqs;

import io.loginetl.config.StartupException;
import io.loginetl.observability.SqsRequestCounter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** One SqsClient for the whole application: the Camel consumer, the batch deletes and the DLQ. */
public final class SqsClients {

    private SqsClients() {
    }

    /**
     * With an endpoint (LocalStack, ElasticMQ) the client uses the static credentials test/test, as
     * LocalStack expects; without one it talks to real AWS with the default credentials chain.
     */
    public static SqsClient create(String endpoint, String region, int maxConnections) {
        return create(endpoint, region, maxConnections, new SqsRequestCounter());
    }

    public static SqsClient create(String endpoint, String region, int maxConnections, SqsRequestCounter counter) {
        return create(endpoint, region, maxConnections, List.of(counter));
    }

    /** As above, with these interceptors on every call (the request counter, tracing, fault injection). */
    public static SqsClient create(String endpoint, String region, int maxConnections, List<ExecutionInterceptor> interceptors) {
        SqsClientBuilder builder = SqsClient.builder()
                .overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor))
                .region(Region.of(region))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(maxConnections));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.strip()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /**
     * Instances of the {@code sqs.interceptors} setting's classes: AWS SDK ExecutionInterceptors with a
     * public no-argument constructor, comma-separated (tracing, or a test's fault injection).
     */
    public static List<ExecutionInterceptor> interceptors(String classNames) {
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        for (String name : classNames == null ? new String[0] : classNames.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name.strip(), true, Thread.currentThread().getContextClassLoader());
                interceptors.add((ExecutionInterceptor) type.getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new StartupException("SQS_INTERCEPTORS (sqs.interceptors): " + name.strip()
                        + " is not an AWS SDK ExecutionInterceptor with a public no-argument constructor on the classpath");
            }
        }
        return interceptors;
    }
}
