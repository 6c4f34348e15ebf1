package io.loginetl.message;

/** Why a message was parked in the dead-letter queue. The code is what operators filter on. */
public enum Reason {
    /** The body is over sqs.max-body-bytes of UTF-8: parked before it is parsed. */
    TOO_LARGE("too-large"),
    MALFORMED_JSON("malformed-json"),
    NOT_AN_OBJECT("not-a-json-object"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    FIELD_TOO_LONG("field-too-long"),
    /** A control character or a lone surrogate in a field (see LoginEventValidator). */
    INVALID_CHARACTER("invalid-character"),
    INVALID_IP("invalid-ip"),
    INVALID_DEVICE_ID("invalid-device-id"),
    INVALID_APP_VERSION("invalid-app-version"),
    TOO_MANY_RECEIVES("too-many-receives"),
    REJECTED_BY_DATABASE("rejected-by-database"),
    /** A failure no rule names: parked rather than retried forever, and counted so someone looks. */
    UNKNOWN("unknown");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason with this code, or {@link #UNKNOWN}. */
    public static Reason ofCode(String code) {
        for (Reason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        return UNKNOWN;
    }
}
