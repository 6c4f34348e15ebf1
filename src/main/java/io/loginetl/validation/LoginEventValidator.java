package io.loginetl.validation;

import io.loginetl.masking.Canonical;
import io.loginetl.message.ParkException;
import io.loginetl.message.Reason;

import java.util.Locale;
import java.util.Map;

import static io.loginetl.message.LoginFields.APP_VERSION;
import static io.loginetl.message.LoginFields.DEVICE_ID;
import static io.loginetl.message.LoginFields.DEVICE_TYPE;
import static io.loginetl.message.LoginFields.IP;
import static io.loginetl.message.LoginFields.LOCALE;
import static io.loginetl.message.LoginFields.USER_ID;

/**
 * The documented input rules. A valid event is a JSON object with:
 * user_id (non-empty, at most 128 chars), device_type (non-empty, at most 32), ip (an IPv4 or IPv6
 * literal), device_id (non-empty after trimming, at most 128 bytes of UTF-8),
 * locale (null, missing or at most 32)
 * and app_version (checked by {@link io.loginetl.version.AppVersion}); none of them may hold an
 * invalid character (below). Unknown fields are ignored.
 * The validator rewrites ip and device_id into their canonical forms so equal values mask equally.
 * <p>
 * <b>Invalid characters</b>, refused in every field with reason {@code invalid-character}:
 * <ul>
 *   <li>Control characters, Unicode category Cc: C0 (U+0000 to U+001F, tab and newline included), DEL
 *       (U+007F) and C1 (U+0080 to U+009F). Postgres text cannot hold NUL at all, so such a row used to
 *       be refused by the database and its whole batch retried row by row; the others mean nothing in an
 *       id, a device type, a locale, a version or an address (none of these fields is free text), and
 *       stored they break log lines, CSV exports and terminals (CR/LF injection, ESC sequences).</li>
 *   <li>Lone surrogates (half of a UTF-16 pair, which a JSON {@code \uD800} escape can produce): not
 *       Unicode text. UTF-8 cannot encode them, so the driver or the masker would write '?' instead, and
 *       two different values would become one.</li>
 * </ul>
 * Other invisible characters (category Cf: zero-width joiner, bidi marks, BOM) are valid text, stored
 * faithfully, and part of real values (emoji sequences), so they pass. device_id is checked after
 * trimming: surrounding whitespace, tabs and newlines included, is trimmed as before, not refused.
 */
public final class LoginEventValidator {

    public static final int MAX_USER_ID = 128;
    public static final int MAX_DEVICE_TYPE = 32;
    public static final int MAX_DEVICE_ID = 128;
    public static final int MAX_LOCALE = 32;

    private LoginEventValidator() {
    }

    public static void validate(Map<String, Object> event) {
        wellFormed(USER_ID, requiredText(event, USER_ID, MAX_USER_ID));
        wellFormed(DEVICE_TYPE, requiredText(event, DEVICE_TYPE, MAX_DEVICE_TYPE));
        wellFormed(LOCALE, optionalText(event, LOCALE, MAX_LOCALE));
        wellFormed(APP_VERSION, requiredText(event, APP_VERSION, 32));

        String ip = wellFormed(IP, requiredText(event, IP, 64));
        event.put(IP, Canonical.ip(ip).orElseThrow(
                () -> new ParkException(Reason.INVALID_IP, "ip is not an IPv4 or IPv6 literal")));

        String deviceId = Canonical.deviceId(requiredText(event, DEVICE_ID, MAX_DEVICE_ID + 64));
        if (deviceId.isEmpty()) {
            throw new ParkException(Reason.INVALID_DEVICE_ID, "device_id is blank");
        }
        wellFormed(DEVICE_ID, deviceId);
        // Bytes, not chars: the token holds the UTF-8 value and must fit masked_device_id varchar(256).
        if (Utf8.length(deviceId) > MAX_DEVICE_ID) {
            throw new ParkException(
                    Reason.FIELD_TOO_LONG, "device_id is longer than " + MAX_DEVICE_ID + " bytes of UTF-8");
        }
        event.put(DEVICE_ID, deviceId);
    }

    /** The text itself when it holds no invalid character (see the class comment); null passes. */
    private static String wellFormed(String field, String text) {
        int at = invalidCharacterAt(text);
        if (at >= 0) {
            char c = text.charAt(at);
            // The code point names the rule broken; it is one character, never the value.
            String which = String.format(Locale.ROOT, "U+%04X", (int) c);
            throw new ParkException(Reason.INVALID_CHARACTER, Character.isSurrogate(c)
                    ? field + " is not well-formed Unicode (a lone surrogate, " + which + ")"
                    : field + " contains a control character (" + which + ")");
        }
        return text;
    }

    /** The index of the first control character or lone surrogate, or -1 (also for null). */
    static int invalidCharacterAt(String text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a well-formed pair: one supplementary character
                } else {
                    return i;
                }
            }
        }
        return -1;
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

    private static String optionalText(Map<String, Object> event, String field, int maxLength) {
        Object value = event.get(field);
        return value == null ? null : text(field, value, maxLength);
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
