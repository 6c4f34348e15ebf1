package io.loginetl.masking;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mask step as a route file or the Kamelet declares it. */
class MaskProcessorTest {

    private static final String KEY = MaskKeys.generate(MaskMode.SIV);
    private final CamelContext camel = new DefaultCamelContext();

    @Test
    void aStepWithAKeyOfItsOwnMakesTheTokensOfTheApplicationsMaskerForThatKey() {
        MaskProcessor step = new MaskProcessor();
        step.setFields("ip=masked_ip, device_id=masked_device_id");
        step.setKey(KEY);
        step.setIpMode("prefix");
        step.setCamelContext(camel);
        step.start();

        Map<String, Object> event = process(step, Map.of("user_id", "u1", "ip", "199.172.111.135", "device_id", "593-47-5928"));

        Masker application = MaskKeys.masker("siv", "prefix", KEY, null);
        assertEquals(application.mask(Field.IP, "199.172.111.135"), event.get("masked_ip"));
        assertEquals(application.mask(Field.DEVICE_ID, "593-47-5928"), event.get("masked_device_id"));
        assertEquals("u1", event.get("user_id"));
        assertFalse(event.containsKey("ip") || event.containsKey("device_id"), event.toString());
    }

    @Test
    void aStepWithoutAKeyUsesTheApplicationsMasker() {
        Masker application = MaskKeys.masker("siv", "siv", KEY, null);
        camel.getRegistry().bind("masker", application);
        MaskProcessor step = new MaskProcessor();
        step.setFields("device_id");
        step.setCamelContext(camel);
        step.start();

        Map<String, Object> event = new HashMap<>();
        event.put("device_id", "593-47-5928");
        event.put("ip", null);
        event = process(step, event);

        assertEquals(application.mask(Field.DEVICE_ID, "593-47-5928"), event.get("device_id"), "masked in place");
        assertNull(event.get("ip"), "a field the step does not name is left alone");
    }

    @Test
    void aStepWithAnUnusableKeyFailsAsItStartsWithoutQuotingTheKey() {
        MaskProcessor step = new MaskProcessor();
        step.setFields("ip=masked_ip");
        step.setKey("c2VjcmV0LXBhc3N3b3Jk");
        IllegalStateException e = assertThrows(IllegalStateException.class, step::start);
        assertTrue(e.getMessage().startsWith("the mask step's key, mode or ipMode is not usable"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0LXBhc3N3b3Jk"));
    }

    @Test
    void aStepWithNoKeyAnywhereSaysWhereToGiveOne() {
        MaskProcessor step = new MaskProcessor();
        step.setFields("ip=masked_ip");
        step.setCamelContext(camel);
        IllegalStateException e = assertThrows(IllegalStateException.class, step::start);
        assertTrue(e.getMessage().contains("the Kamelet's secretKey parameter"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> process(MaskProcessor step, Map<String, Object> event) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(new HashMap<>(event));
        step.process(exchange);
        return exchange.getMessage().getBody(Map.class);
    }
}
