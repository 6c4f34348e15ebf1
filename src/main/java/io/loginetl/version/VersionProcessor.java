package io.loginetl.version;

import io.loginetl.message.LoginFields;
import io.loginetl.message.ParkException;
import io.loginetl.message.Reason;
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
            event.put(LoginFields.APP_VERSION, AppVersion.parse((String) event.get(LoginFields.APP_VERSION)));
        } catch (IllegalArgumentException e) {
            throw new ParkException(Reason.INVALID_APP_VERSION, e.getMessage());
        }
    }
}
