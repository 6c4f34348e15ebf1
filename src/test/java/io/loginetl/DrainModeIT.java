package io.loginetl;

import io.loginetl.sqs.DrainGuard;
import io.loginetl.support.AppProcess;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TcpProxy;
import io.loginetl.support.TestSettings;
import io.loginetl.tools.LoginGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drain mode (camel.main.duration-max-idle-seconds) means drained: the jar exits 0 only once the queues it reads hold
 * nothing visible and nothing in flight, whatever its idle limit, or says why it stopped waiting.
 */
class DrainModeIT extends RealPartsTestSupport {

    private static List<String> logins(int count, long seed) {
        return new LoginGenerator(seed, 0.2, 0).next(count);
    }

    @Test
    void aDrainKilledMidwayIsFinishedByOneMoreDrainWhoseIdleLimitIsBelowTheVisibilityTimeout() throws Exception {
        List<String> logins = logins(3000, 5);
        queues.send(logins);
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("sqs.visibility-timeout", "12");
        settings.put("camel.main.duration-max-idle-seconds", "4"); // what the killed drain held is invisible 3x longer
        try (AppProcess first = AppProcess.start(settings)) {
            await("first rows").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") >= 500);
            first.kill9();
        }
        assertTrue(queues.inFlight(queues.queue) > 0, "the killed drain left messages invisible in the queue");
        try (AppProcess second = AppProcess.start(settings)) {
            assertEquals(0, second.awaitExit(180), second.output());
            assertTrue(second.output().contains("Drain: waiting for"), "it waited for what the killed run held:\n" + second.output());
        }
        assertEveryMessageLoadedOnce(3000); // and nothing visible or in flight in the queue
    }

    @Test
    void aDrainStopsWaitingForMessagesAnotherConsumerHoldsAndSaysWhy() throws Exception {
        queues.send(logins(25, 6));
        // Another consumer takes 5 and holds them far longer than the route's visibility timeout
        List<Message> held = queues.sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl).maxNumberOfMessages(5)
                .visibilityTimeout(600)).messages();
        assertEquals(5, held.size());
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("camel.main.duration-max-idle-seconds", "2");
        settings.put("sqs.visibility-timeout", "2");
        try (AppProcess app = AppProcess.start(settings)) {
            assertEquals(DrainGuard.EXIT_CODE, app.awaitExit(120), app.output());
            assertTrue(app.output().contains("Drain: stopped waiting for 5 message(s)"), app.output());
        }
        assertEquals(20, db.count("SELECT count(*) FROM user_logins"), "what it could reach, it loaded");
    }

    @Test
    void aDrainWaitsThroughAnOutageAndThenLoadsEverything() throws Exception {
        List<String> before = logins(300, 33);
        List<String> during = logins(200, 34);
        queues.send(before);
        URI sqs = URI.create(server.endpoint());
        try (TcpProxy proxy = new TcpProxy(sqs.getHost(), sqs.getPort())) {
            Map<String, String> settings = TestSettings.of("http://127.0.0.1:" + proxy.port(), queues, db);
            settings.put("camel.main.duration-max-idle-seconds", "3");
            settings.put("sqs.visibility-timeout", "10"); // what was in flight at the cut (its deletes failed) returns sooner
            try (AppProcess app = AppProcess.start(settings)) {
                await("the first rows").atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM user_logins") > 0);
                proxy.cut();
                queues.send(during); // straight to the server: only the pipeline has lost it
                await("still draining, four idle limits into the outage").during(Duration.ofSeconds(12))
                        .atMost(Duration.ofSeconds(20)).until(app::isAlive);
                proxy.restore();
                assertEquals(0, app.awaitExit(120), "exits once everything is loaded:\n" + app.output());
            }
        }
        assertEveryMessageLoadedOnce(before.size() + during.size());
    }
}
