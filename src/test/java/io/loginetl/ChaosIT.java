package io.loginetl;

import io.loginetl.message.Origin;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Management;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestDatabase;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated messages with a share of bad ones, a database outage and a SIGKILL in the
 * middle: rows equal the good messages exactly, every bad one is in the DLQ, the source queue empties.
 */
class ChaosIT extends RealPartsTestSupport {

    @Test
    void outageAndSigkillMidRunStillEndWithEveryGoodRowOnceAndEveryBadMessageParked() throws Exception {
        List<String> bodies = new LoginGenerator(7, 0.2, 0.03).next(6000);
        long bad = bodies.stream().filter(LoginGenerator::isBad).count();
        long good = bodies.size() - bad;
        assertTrue(bad > 50, "a real share of bad messages");

        try (TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
            queues.send(bodies);
            Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
            settings.put("db.url", db.jdbcUrl("127.0.0.1", proxy.port()));
            settings.put("sqs.visibility-timeout", "6");
            settings.put("batch.size", "200");
            try (AppProcess first = AppProcess.start(settings)) {
                await("first rows").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") >= 800);
                proxy.cut();
                // The outage lasts until the pipeline has felt it: readiness DOWN and batch writes failing
                int failedBefore = failedWrites(first);
                Management management = Management.of(settings);
                await("readiness DOWN and two batch writes failed since the cut").atMost(Duration.ofSeconds(60)).until(() -> management.ready().status() == 503 && failedWrites(first) >= failedBefore + 2);
                proxy.restore();
                long before = db.count("SELECT count(*) FROM user_logins");
                await("loading again after the outage").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") >= before + 500);
                assertTrue(first.isAlive(), "survived the outage");
                first.kill9();
            }
            assertTrue(db.count("SELECT count(*) FROM user_logins") < good, "killed mid-run");

            settings.put("camel.main.duration-max-idle-seconds", "3"); // a drain waits for what the killed run held
            try (AppProcess second = AppProcess.start(settings)) {
                assertEquals(0, second.awaitExit(240), second.output());
            }
            assertEquals(good, db.count("SELECT count(*) FROM user_logins"), "rows");
            assertEquals(good, db.count("SELECT count(DISTINCT user_id) FROM user_logins"), "each good message once");
            assertEquals(0, queues.depth(queues.queue), "source queue empty");

            // Parking is at-least-once too: a kill between the DLQ send and the delete parks a message
            // twice, under the same source-message-id. Every bad message must be there.
            Set<String> parkedSources = new HashSet<>();
            for (Message m : queues.drainDlq()) {
                parkedSources.add(TestQueues.attribute(m, Origin.SOURCE_MESSAGE_ID));
            }
            assertEquals(bad, parkedSources.size(), "every bad message parked");
        }
    }

    /** Retries the error handler has logged (retryAttemptedLogLevel: WARN in the route): writes that failed. */
    private static int failedWrites(AppProcess app) {
        String output = app.output();
        int count = 0;
        for (int at = output.indexOf("On delivery attempt"); at >= 0; at = output.indexOf("On delivery attempt", at + 1)) {
            count++;
        }
        return count;
    }
}
