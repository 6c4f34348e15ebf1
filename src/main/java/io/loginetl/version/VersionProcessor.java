package io.loginetl.version;

import io.loginetl.parking.ParkException;
import io.loginetl.parking.Reason;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** Replaces the event's app_version text with its integer encoding ({@link AppVersion}). */
public class VersionProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> event = exchange.getMessage().getBody(Map.class);
        try {
            event.put("app_version", AppVersion.parse((String) event.get("app_version")));
        } catch (IllegalArgumentException e) {
            throw new ParkException(Reason.INVALID_APP_VERSION, e.getMessage());
        }
    }
}
