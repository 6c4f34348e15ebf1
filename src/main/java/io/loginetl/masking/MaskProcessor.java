package io.loginetl.masking;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** Replaces the raw ip and device_id in the event with their tokens (masked_ip, masked_device_id). */
public class MaskProcessor implements Processor {

    private final Masker masker;

    public MaskProcessor(Masker masker) {
        this.masker = masker;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> event = exchange.getMessage().getBody(Map.class);
        event.put("masked_ip", masker.mask(Field.IP, (String) event.remove(Field.IP.jsonName())));
        event.put("masked_device_id", masker.mask(Field.DEVICE_ID, (String) event.remove(Field.DEVICE_ID.jsonName())));
    }
}
