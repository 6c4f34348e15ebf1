package io.loginetl;

import io.loginetl.masking.Field;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.Masker;
import io.loginetl.message.Delivery;
import io.loginetl.message.LoginRow;
import io.loginetl.message.Origin;
import io.loginetl.message.Reason;
import io.loginetl.message.RowBatch;
import io.loginetl.parking.DeadLetterQueue;
import io.loginetl.support.TestSettings;
import io.loginetl.validation.ValidationProcessor;
import io.loginetl.version.VersionProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real route files on Camel Main, without SQS or Postgres: a quick loop for the route's own logic.
 * Messages enter at direct: instead of aws2-sqs, each with the Delivery the SQS route's settlement would give it
 * (MessageSettlement, which needs SQS); the store-batch and store-rows routes (SQL, SQS deletes) are left out and
 * the batch goes to a mock; the park step's bean records what it is given. Validation, masking, versioning and
 * the batch step are the real beans. The full pipeline is LoginEventsIT's.
 */
class LoginEventsRouteTest extends CamelMainTestSupport {

    private static final String VALID = """
            {"user_id": "u-1", "app_version": "2.3.0", "device_type": "android", "ip": "199.172.111.135",
             "locale": "RU", "device_id": "593-47-5928"}""";

    /** What reached the park step: the body as received and the reason the real classification gives. */
    record Parked(String body, Reason reason, String detail) {
    }

    /** Stands in for DeadLetterQueue (which needs SQS and Postgres) at the route's park step. */
    public static final class ParkStep {
        final List<Parked> parked = new CopyOnWriteArrayList<>();

        public void park(String deadLetterQueue, Exchange exchange) {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            parked.add(new Parked(exchange.getProperty(Delivery.PROPERTY, Delivery.class).body(), DeadLetterQueue.reasonOf(cause),
                    cause == null ? null : cause.getMessage()));
        }
    }

    private final ParkStep parkStep = new ParkStep();

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.setRoutesIncludePattern("file:routes/*.camel.yaml");
        // Its steps are SQL inserts and SQS deletes: the integration tests' part
        configuration.setRouteFilterExcludePattern("store-batch,store-rows");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("camel.management.enabled", "false");
        p.put("camel.metrics.enabled", "false");
        p.put("batch.max-wait-ms", "100");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("validationProcessor", new ValidationProcessor());
        registry.bind("masker", Masker.of(MaskMode.SIV, TestSettings.KEY));
        registry.bind("versionProcessor", new VersionProcessor());
        registry.bind("deadLetterQueue", parkStep);
        // The aggregator's writer threads (LoginEtlConfiguration binds a tuned pool): a profile Camel makes a pool from
        context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder("batchWriters").poolSize(2).build());
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @BeforeEach
    void receiveFromDirectAndBatchIntoAMock() throws Exception {
        AdviceWith.adviceWith(context, "login-events", route -> {
            route.replaceFromWith("direct:login-events");
            // What MessageSettlement captures as an SQS message enters the route
            route.weaveAddFirst().process(exchange -> exchange.setProperty(Delivery.PROPERTY, new Delivery(null, "receipt-1", "m-1",
                    new Origin("m-1", "1800000000000", Origin.Claim.NONE), exchange.getMessage().getBody(String.class))));
            route.weaveById("to-store-batch").replace().to("mock:batch");
        });
        context.start();
    }

    private void receive(String body) {
        receive(body, 1);
    }

    private void receive(String body, int receiveCount) {
        template.sendBodyAndHeaders("direct:login-events", body, Map.of("ApproximateReceiveCount", Integer.toString(receiveCount),
                "CamelAwsSqsMessageId", "m-1"));
    }

    private Parked onlyParked() {
        assertEquals(1, parkStep.parked.size(), parkStep.parked.toString());
        return parkStep.parked.get(0);
    }

    @Test
    void malformedJsonReachesTheParkStepAsMalformedJsonWithItsBodyAsReceived() throws Exception {
        MockEndpoint batch = getMockEndpoint("mock:batch");
        batch.expectedMessageCount(0);
        receive("{\"user_id\": \"u-1\",");
        assertEquals(new Parked("{\"user_id\": \"u-1\",", Reason.MALFORMED_JSON, onlyParked().detail()), onlyParked());
        batch.assertIsSatisfied(200);
    }

    @Test
    void jsonThatIsNotAnObjectIsParkedAsNotAJsonObject() {
        receive("[\"an array\"]");
        assertEquals(Reason.NOT_AN_OBJECT, onlyParked().reason());
        assertEquals("[\"an array\"]", onlyParked().body());
    }

    @Test
    void aMissingFieldIsParkedNamingTheField() {
        receive(VALID.replace("\"user_id\": \"u-1\",", ""));
        Parked parked = onlyParked();
        assertEquals(Reason.MISSING_FIELD, parked.reason());
        assertTrue(parked.detail().contains("user_id"), parked.detail());
    }

    @Test
    void anInvalidAppVersionIsParkedAndItsDetailQuotesNoPii() {
        receive(VALID.replace("2.3.0", "two"));
        Parked parked = onlyParked();
        assertEquals(Reason.INVALID_APP_VERSION, parked.reason());
        assertFalse(parked.detail().contains("199.172.111.135") || parked.detail().contains("593-47-5928"), parked.detail());
    }

    @Test
    void aMessageReceivedMoreThanMaxReceivesTimesIsParkedUnparsed() {
        receive(VALID, 11); // sqs.max-receives=10 in application.properties
        Parked parked = onlyParked();
        assertEquals(Reason.TOO_MANY_RECEIVES, parked.reason());
        assertEquals(VALID, parked.body());
    }

    @Test
    void aBodyOverMaxBodyBytesIsParkedAsTooLargeBeforeItIsParsed() {
        String large = "{\"user_id\": \"" + "\u00e9".repeat(40_000) + "\""; // 80,000 bytes of UTF-8, and not even JSON
        receive(large);
        Parked parked = onlyParked();
        assertEquals(Reason.TOO_LARGE, parked.reason());
        assertEquals(large, parked.body());
    }

    @Test
    void aValidLoginReachesTheBatchMaskedAndVersionedAndIsNotParked() throws Exception {
        MockEndpoint batch = getMockEndpoint("mock:batch");
        batch.expectedMessageCount(1);
        receive(VALID, 10);
        batch.assertIsSatisfied(5000);

        List<LoginRow> rows = batch.getExchanges().get(0).getMessage().getBody(RowBatch.class).rows();
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0).columns();
        assertEquals("u-1", row.get("user_id"));
        assertEquals(2003000, row.get("app_version"), "2.3.0 encoded");
        Masker masker = Masker.of(MaskMode.SIV, TestSettings.KEY);
        assertEquals(new Masker.Unmasked(Field.IP, "199.172.111.135"), masker.unmask((String) row.get("masked_ip")));
        assertEquals(new Masker.Unmasked(Field.DEVICE_ID, "593-47-5928"), masker.unmask((String) row.get("masked_device_id")));
        assertFalse(row.containsKey("ip") || row.containsKey("device_id"), "the raw values are gone: " + row.keySet());
        assertEquals("m-1", row.get("message_id"), "the ledger key");
        assertEquals("2027-01-15", row.get("create_date").toString(), "the UTC date of SentTimestamp 1800000000000");
        assertEquals(List.of(), parkStep.parked);
    }
}
