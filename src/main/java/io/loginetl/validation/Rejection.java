package io.loginetl.validation;

/** Why a message was parked in the dead-letter queue. The code is what operators filter on. */
public enum Rejection {
    MALFORMED_JSON("malformed-json"),
    NOT_AN_OBJECT("not-a-json-object"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    FIELD_TOO_LONG("field-too-long"),
    INVALID_IP("invalid-ip"),
    INVALID_DEVICE_ID("invalid-device-id"),
    INVALID_APP_VERSION("invalid-app-version"),
    TOO_MANY_RECEIVES("too-many-receives"),
    REJECTED_BY_DATABASE("rejected-by-database");

    private final String code;

    Rejection(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
