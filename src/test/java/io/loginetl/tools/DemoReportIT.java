package io.loginetl.tools;

import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The demo's report after the real pipeline ran, against ElasticMQ in this JVM and the real Postgres. */
class DemoReportIT extends RealPartsTestSupport {

    @Test
    void aRunThatParkedNothingReportsNoneRejected() throws Exception {
        List<String> good = new LoginGenerator(11, 0.1, 0).next(20);
        List<String> report = runAndReport(good, 20);
        // The case the report once failed on: the pipeline creates the DLQ when it parks the first message
        assertThrows(QueueDoesNotExistException.class, () -> queues.sqs.getQueueUrl(b -> b.queueName(queues.dlq)),
                "nothing was parked, so there is no dead-letter queue");
        assertEquals("demo: rows loaded into user_logins of login_etl_demo: 20", report.get(0));
        assertEquals("demo: rejected to the dead-letter queue: 0", report.get(1));
    }

    @Test
    void parkedMessagesAreCountedByReason() throws Exception {
        List<String> report = runAndReport(TestQueues.sample(), 99);
        assertEquals("demo: rows loaded into user_logins of login_etl_demo: 99", report.get(0));
        assertEquals("demo: rejected to the dead-letter queue: 1 {missing-field=1}", report.get(1));
    }

    private List<String> runAndReport(List<String> bodies, int rows) throws Exception {
        queues.send(bodies);
        Instant started = Instant.now();
        try (Pipeline ignored = Pipeline.start(TestSettings.of(server.endpoint(), queues, db))) {
            await(rows + " rows and an empty source queue").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == rows && queues.depth(queues.queue) == 0);
        }
        return DemoReport.lines(queues.sqs, queues.dlq, db.jdbcUrl(), db.user(), db.password(), started);
    }
}
