package io.loginetl;

import io.loginetl.observability.SqsRequestCounter;
import io.loginetl.parking.DeadLetterQueueCreation;
import io.loginetl.sqs.SqsClients;
import io.loginetl.support.AppProcess;
import io.loginetl.support.EncryptionRefusingSqs;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.SampleExpectations;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dead-letter queue holds raw PII: it is created asking for 14 days' retention and encryption at
 * rest, and an SQS endpoint without encryption costs one WARN line, never the start.
 * <p>
 * ElasticMQ accepts both attributes but keeps neither (GetQueueAttributes reports neither), so here
 * the request is checked; LocalStackIT reads the attributes back from a server that keeps them.
 */
class DeadLetterQueueSetupIT extends RealPartsTestSupport {

    @Test
    void aMissingDeadLetterQueueIsCreatedAskingForFourteenDaysAndEncryptionAndAnExistingOneIsLeftAsItIs() {
        List<CreateQueueRequest> creates = new CopyOnWriteArrayList<>();
        SqsRequestCounter recorder = new SqsRequestCounter() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                super.beforeExecution(context, attributes);
                if (context.request() instanceof CreateQueueRequest create) {
                    creates.add(create);
                }
            }
        };
        try (SqsClient sqs = SqsClients.create(server.endpoint(), "us-east-1", 4, recorder)) {
            String url = DeadLetterQueueCreation.urlCreatingIfMissing(sqs, queues.dlq, server.endpoint());

            assertEquals(1, creates.size());
            assertEquals(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                    QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true"), creates.get(0).attributes());
            assertEquals(url, queues.sqs.getQueueUrl(b -> b.queueName(queues.dlq)).queueUrl(), "the queue exists");

            assertEquals(url, DeadLetterQueueCreation.urlCreatingIfMissing(sqs, queues.dlq, server.endpoint()));
            assertEquals(1, creates.size(), "an existing DLQ is found, not created again with other attributes");
        }
    }

    @Test
    void startUpSurvivesAnEndpointThatRefusesEncryptionWithOneWarningLine() throws Exception {
        List<String> sample = TestQueues.sample();
        queues.send(sample);
        try (EncryptionRefusingSqs sqs = new EncryptionRefusingSqs(server.endpoint())) {
            Map<String, String> settings = TestSettings.of(sqs.endpoint(), queues, db);
            String output;
            try (AppProcess app = AppProcess.start(settings)) {
                await("99 rows and an empty source queue").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") == 99 && queues.depth(queues.queue) == 0);
                app.terminate();
                assertEquals(0, app.awaitExit(60), app.output());
                output = app.output();
            }
            assertEquals(1, sqs.refused(), "the endpoint refused the encrypted DLQ once");
            List<String> warnings = output.lines().filter(l -> l.contains("WARN") && l.contains("Dead-letter queue")).toList();
            assertEquals(1, warnings.size(), output);
            assertTrue(warnings.get(0).contains("Dead-letter queue " + queues.dlq + " at " + sqs.endpoint()
                    + " is not encrypted at rest (the endpoint refused SqsManagedSseEnabled (InvalidAttributeName))"), warnings.get(0));
            assertTrue(warnings.get(0).contains("it holds the raw ip and device_id of parked messages"), warnings.get(0));
        }
        SampleExpectations.assertSampleLoaded(sample, db, queues); // the malformed message parked in the DLQ made without encryption
    }
}
