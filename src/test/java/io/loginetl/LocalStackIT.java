package io.loginetl;

import io.loginetl.support.Pipeline;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real YAML routes on Camel Main against LocalStack's SQS (the server the take-home runs), in a
 * container, and the machine's Postgres. Skipped, not failed, where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT {

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:3"))
                    .withServices(LocalStackContainer.Service.SQS);

    private TestDatabase db;
    private TestQueues queues;

    private static String endpoint() {
        return LOCALSTACK.getEndpointOverride(LocalStackContainer.Service.SQS).toString();
    }

    @BeforeEach
    void freshQueuesAndDatabase() {
        db = TestDatabase.create();
        queues = new TestQueues(endpoint());
    }

    @AfterEach
    void cleanUp() {
        queues.close();
        db.close();
    }

    @Test
    void sampleLoadsNinetyNineRowsAndParksTheMalformedMessage() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);

        try (Pipeline ignored = Pipeline.start(TestSettings.of(endpoint(), queues, db))) {
            await("99 rows and an empty source queue").atMost(Duration.ofSeconds(120)).until(() -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
        }

        SampleExpectations.assertSampleLoaded(sample, db, queues);
        // LocalStack keeps the attributes the DLQ was created with (ElasticMQ does not: DeadLetterQueueSetupIT)
        String dlqUrl = queues.sqs.getQueueUrl(b -> b.queueName(queues.dlq)).queueUrl();
        Map<QueueAttributeName, String> dlq = queues.sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, QueueAttributeName.SQS_MANAGED_SSE_ENABLED)).attributes();
        assertEquals("1209600", dlq.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD), "parked messages kept 14 days");
        assertEquals("true", dlq.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED), "and encrypted at rest");
    }
}
