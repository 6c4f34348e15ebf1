package io.loginetl.masking;

import java.nio.charset.StandardCharsets;

/** The PII fields that get masked. Each is its own cryptographic domain: see {@link Masker}. */
public enum Field {
    IP("ip"),
    DEVICE_ID("device_id");

    private final String jsonName;
    private final byte[] domain;

    Field(String jsonName) {
        this.jsonName = jsonName;
        this.domain = ("login-etl/" + jsonName).getBytes(StandardCharsets.UTF_8);
    }

    public String jsonName() {
        return jsonName;
    }

    byte[] domain() {
        return domain.clone();
    }
}
