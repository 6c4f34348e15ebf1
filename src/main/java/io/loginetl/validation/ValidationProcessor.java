package io.loginetl.validation;

import io.loginetl.message.ParkException;
import io.loginetl.message.Reason;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** Applies {@link LoginEventValidator} to the unmarshalled event; anything but a JSON object is rejected. */
public class ValidationProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Map<?, ?> event)) {
            throw new ParkException(Reason.NOT_AN_OBJECT, "the body is JSON but not an object");
        }
        LoginEventValidator.validate((Map<String, Object>) event);
    }
}
