package io.loginetl.sqs;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;

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
        SqsClientBuilder builder = SqsClient.builder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
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
}
