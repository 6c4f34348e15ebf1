package io.loginetl.row;

import io.loginetl.masking.Canonical;
import io.loginetl.parking.ParkException;
import io.loginetl.parking.Reason;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The documented input rules. A valid event is a JSON object with:
 * user_id (non-empty, at most 128 chars), device_type (non-empty, at most 32), ip (an IPv4 or IPv6
 * literal), device_id (non-empty after trimming, well-formed Unicode, at most 128 bytes of UTF-8),
 * locale (null, missing or at most 32)
 * and app_version (checked by {@link io.loginetl.version.AppVersion}). Unknown fields are ignored.
 * The validator rewrites ip and device_id into their canonical forms so equal values mask equally.
 */
public final class LoginEventValidator {

    public static final int MAX_USER_ID = 128;
    public static final int MAX_DEVICE_TYPE = 32;
    public static final int MAX_DEVICE_ID = 128;
    public static final int MAX_LOCALE = 32;

    private LoginEventValidator() {
    }

    public static void validate(Map<String, Object> event) {
        requiredText(event, "user_id", MAX_USER_ID);
        requiredText(event, "device_type", MAX_DEVICE_TYPE);
        optionalText(event, "locale", MAX_LOCALE);
        requiredText(event, "app_version", 32);

        String ip = requiredText(event, "ip", 64);
        event.put("ip", Canonical.ip(ip).orElseThrow(
                () -> new ParkException(Reason.INVALID_IP, "ip is not an IPv4 or IPv6 literal")));

        String deviceId = Canonical.deviceId(requiredText(event, "device_id", MAX_DEVICE_ID + 64));
        if (deviceId.isEmpty()) {
            throw new ParkException(Reason.INVALID_DEVICE_ID, "device_id is blank");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(deviceId)) {
            // A lone surrogate would be masked as '?': two device ids would share one token.
            throw new ParkException(Reason.INVALID_DEVICE_ID, "device_id is not well-formed Unicode");
        }
        // Bytes, not chars: the token holds the UTF-8 value and must fit masked_device_id varchar(256).
        if (deviceId.getBytes(StandardCharsets.UTF_8).length > MAX_DEVICE_ID) {
            throw new ParkException(
                    Reason.FIELD_TOO_LONG, "device_id is longer than " + MAX_DEVICE_ID + " bytes of UTF-8");
        }
        event.put("device_id", deviceId);
    }

    private static String requiredText(Map<String, Object> event, String field, int maxLength) {
        Object value = event.get(field);
        if (value == null) {
            throw new ParkException(Reason.MISSING_FIELD, field + " is missing or null");
        }
        String text = text(field, value, maxLength);
        if (text.isEmpty()) {
            throw new ParkException(Reason.MISSING_FIELD, field + " is empty");
        }
        return text;
    }

    private static void optionalText(Map<String, Object> event, String field, int maxLength) {
        Object value = event.get(field);
        if (value != null) {
            text(field, value, maxLength);
        }
    }

    private static String text(String field, Object value, int maxLength) {
        if (!(value instanceof String text)) {
            throw new ParkException(Reason.WRONG_TYPE, field + " is not a string");
        }
        if (text.length() > maxLength) {
            throw new ParkException(Reason.FIELD_TOO_LONG, field + " is longer than " + maxLength);
        }
        return text;
    }
}
