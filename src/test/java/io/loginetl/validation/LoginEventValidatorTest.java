package io.loginetl.validation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.masking.Field;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.Masker;
import io.loginetl.message.ParkException;
import io.loginetl.message.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginEventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first event of the sample, as Jackson gives it to the route. */
    private static Map<String, Object> valid() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("user_id", "424cdd21-063a-43a7-b91b-7ca1a833afae");
        event.put("app_version", "2.3.0");
        event.put("device_type", "android");
        event.put("ip", "199.172.111.135");
        event.put("locale", "RU");
        event.put("device_id", "593-47-5928");
        return event;
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> event = valid();
        event.put(field, value);
        return event;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> event = valid();
        event.remove(field);
        return event;
    }

    /** Asserts the rejection, that the message names the field, and that it does not quote the value. */
    private static void assertRejected(Reason rejection, String field, Map<String, Object> event, Object value) {
        ParkException e = assertThrows(ParkException.class,
                () -> LoginEventValidator.validate(event));
        assertSame(rejection, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(rejection.code() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(field), "the message names " + field + ": " + e.getMessage());
        if (value != null) {
            String text = value.toString();
            if (!text.isBlank()) {
                assertFalse(e.getMessage().contains(text), "the message quotes the value: " + e.getMessage());
                assertFalse(e.toString().contains(text));
            }
        }
        assertNull(e.getCause());
        assertEquals(0, e.getStackTrace().length, "a permanent failure carries no stack trace");
    }

    // ---------------------------------------------------------------- valid events

    @Test
    void aValidSampleEventPassesUnchanged() {
        Map<String, Object> event = valid();
        LoginEventValidator.validate(event);
        assertEquals(valid(), event);
    }

    @Test
    void ipAndDeviceIdAreCanonicalisedInPlace() {
        Map<String, Object> event = valid();
        event.put("ip", "2001:0DB8:0000:0000:0000:0000:0000:0001");
        event.put("device_id", "  593-47-5928\t");
        LoginEventValidator.validate(event);
        assertEquals("2001:db8::1", event.get("ip"));
        assertEquals("593-47-5928", event.get("device_id"));
        assertEquals("424cdd21-063a-43a7-b91b-7ca1a833afae", event.get("user_id"), "other fields untouched");
        assertEquals("2.3.0", event.get("app_version"), "app_version is encoded later, by VersionProcessor");
    }

    @Test
    void anIpv4MappedAddressBecomesThePlainIpv4Address() {
        Map<String, Object> event = with("ip", "::ffff:199.172.111.135");
        LoginEventValidator.validate(event);
        assertEquals("199.172.111.135", event.get("ip"));
    }

    @Test
    void everyWellFormedSampleEventPassesAndTheMalformedOneIsRejected() throws IOException {
        List<Map<String, Object>> events;
        try (InputStream in = getClass().getResourceAsStream("/sample_data.json")) {
            events = JSON.readValue(in, new TypeReference<>() {
            });
        }
        int passed = 0;
        List<Reason> rejected = new ArrayList<>();
        for (Map<String, Object> event : events) {
            try {
                LoginEventValidator.validate(event);
                passed++;
            } catch (ParkException e) {
                rejected.add(e.reason());
            }
        }
        assertEquals(99, passed);
        assertEquals(List.of(Reason.MISSING_FIELD), rejected);
    }

    @Test
    void nullOrMissingLocaleIsAccepted() {
        assertDoesNotThrow(() -> LoginEventValidator.validate(with("locale", null)));
        Map<String, Object> noLocale = without("locale");
        assertDoesNotThrow(() -> LoginEventValidator.validate(noLocale));
        assertFalse(noLocale.containsKey("locale"), "the validator does not invent a locale");
        assertDoesNotThrow(() -> LoginEventValidator.validate(with("locale", "")));
        assertDoesNotThrow(() -> LoginEventValidator.validate(with("locale", "x".repeat(32))));
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        Map<String, Object> event = valid();
        event.put("extra", "whatever");
        event.put("nested", Map.of("a", List.of(1, 2)));
        event.put("number", 42);
        event.put("nothing", null);
        LoginEventValidator.validate(event);
        assertEquals("whatever", event.get("extra"));
        assertEquals(42, event.get("number"));
    }

    @Test
    void valuesAtTheirLimitsAreAccepted() {
        Map<String, Object> event = valid();
        event.put("user_id", "u".repeat(LoginEventValidator.MAX_USER_ID));
        event.put("device_type", "t".repeat(LoginEventValidator.MAX_DEVICE_TYPE));
        event.put("device_id", "d".repeat(LoginEventValidator.MAX_DEVICE_ID));
        event.put("locale", "l".repeat(LoginEventValidator.MAX_LOCALE));
        assertDoesNotThrow(() -> LoginEventValidator.validate(event));
    }

    @Test
    void aMaximalDeviceIdWithSurroundingWhitespaceIsTrimmedThenAccepted() {
        String id = "d".repeat(LoginEventValidator.MAX_DEVICE_ID);
        Map<String, Object> event = with("device_id", "   " + id + "   ");
        LoginEventValidator.validate(event);
        assertEquals(id, event.get("device_id"));
    }

    // ---------------------------------------------------------------- rejections

    @Test
    void missingNullOrEmptyUserIdIsAMissingField() {
        assertRejected(Reason.MISSING_FIELD, "user_id", without("user_id"), null);
        assertRejected(Reason.MISSING_FIELD, "user_id", with("user_id", null), null);
        assertRejected(Reason.MISSING_FIELD, "user_id", with("user_id", ""), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "device_type", "ip", "device_id", "app_version"})
    void everyRequiredFieldIsRequired(String field) {
        assertRejected(Reason.MISSING_FIELD, field, without(field), null);
        assertRejected(Reason.MISSING_FIELD, field, with(field, null), null);
        assertRejected(Reason.MISSING_FIELD, field, with(field, ""), null);
    }

    static Stream<Arguments> tooLong() {
        return Stream.of(
                Arguments.of("user_id", "U".repeat(129)),
                Arguments.of("user_id", "U".repeat(1000)),
                Arguments.of("device_type", "T".repeat(33)),
                Arguments.of("locale", "L".repeat(33)),
                Arguments.of("device_id", "D".repeat(129)),
                Arguments.of("device_id", "D".repeat(500)),
                Arguments.of("device_id", "  " + "D".repeat(129) + "  "),
                Arguments.of("ip", "1".repeat(65)),
                Arguments.of("app_version", "9".repeat(33)));
    }

    @ParameterizedTest(name = "{0} of {1} chars")
    @MethodSource("tooLong")
    void overlongValuesAreRejected(String field, String value) {
        assertRejected(Reason.FIELD_TOO_LONG, field, with(field, value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"300.1.2.3", "not-an-ip", "1.2.3", "01.2.3.4", "localhost", "fe80::1%eth0", "[::1]",
            " 1.2.3.4", "2001:db8::g", "1.2.3.4:80"})
    void invalidIpsAreRejected(String ip) {
        assertRejected(Reason.INVALID_IP, "ip", with("ip", ip), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"   ", " ", "\t", "\n\t ", "\u2003"})
    void blankDeviceIdsAreInvalid(String deviceId) {
        assertRejected(Reason.INVALID_DEVICE_ID, "device_id", with("device_id", deviceId), deviceId);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"user_id, 12345", "device_type, 7", "ip, 1234567", "device_id, 5934759", "app_version, 2.3",
            "locale, 44"})
    void nonStringValuesAreTheWrongType(String field, BigDecimal number) {
        Object value = number.scale() == 0 ? (Object) number.intValueExact() : (Object) number.doubleValue();
        assertRejected(Reason.WRONG_TYPE, field, with(field, value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "device_type", "ip", "device_id", "locale", "app_version"})
    void objectsArraysAndBooleansAreTheWrongType(String field) {
        assertRejected(Reason.WRONG_TYPE, field, with(field, true), null);
        assertRejected(Reason.WRONG_TYPE, field, with(field, List.of("a")), null);
        assertRejected(Reason.WRONG_TYPE, field, with(field, Map.of("k", "v")), null);
    }

    @Test
    void wrongTypesAreFoundWhenJacksonParsedTheBody() throws IOException {
        Map<String, Object> event = JSON.readValue("""
                {"user_id": 424242, "app_version": "2.3.0", "device_type": "android",
                 "ip": "199.172.111.135", "locale": "RU", "device_id": "593-47-5928"}""", new TypeReference<>() {
        });
        assertRejected(Reason.WRONG_TYPE, "user_id", event, "424242");
    }

    @Test
    void aRejectedEventIsReportedForItsFirstBrokenFieldInDocumentedOrder() {
        Map<String, Object> event = valid();
        event.put("ip", "not-an-ip");
        event.put("device_id", "   ");
        event.put("user_id", 1);
        assertRejected(Reason.WRONG_TYPE, "user_id", event, null);
    }

    @Test
    void noRejectionMessageQuotesTheRejectedValue() {
        // Distinctive values, so that a quoted one could not hide inside the fixed text.
        List<Map<String, Object>> events = List.of(
                with("user_id", "Q".repeat(129)),
                with("user_id", 987654321),
                with("device_type", "Z".repeat(40)),
                with("locale", "K".repeat(33)),
                with("ip", "300.1.2.3"),
                with("ip", "not-an-ip-zzz"),
                with("ip", "X".repeat(70)),
                with("device_id", "W".repeat(129)),
                with("device_id", 55555),
                with("app_version", 3.14159));
        for (Map<String, Object> event : events) {
            ParkException e = assertThrows(ParkException.class,
                    () -> LoginEventValidator.validate(event));
            for (Object value : event.values()) {
                if (value != null && !valid().containsValue(value)) {
                    assertFalse(e.getMessage().contains(value.toString()), e.getMessage());
                }
            }
        }
    }

    // ---------------------------------------------------------------- device_id against its column

    /**
     * masked_device_id is varchar(256): whatever device_id the validator lets through must mask to a
     * token of at most 256 characters, or the row is refused by the database after the fact.
     */
    @Test
    void everyAcceptedDeviceIdMasksToATokenThatFitsItsColumn() {
        Masker masker = Masker.of(MaskMode.SIV, MaskKeys.generate(MaskMode.SIV));
        SplittableRandom random = new SplittableRandom(256L);
        String[] alphabets = {"abc-0123456789", "éüßñ", "设备标识符号", "📱🔐🧪", "a设📱é"};
        int accepted = 0;
        for (int i = 0; i < 2_000; i++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            int[] codePoints = alphabet.codePoints().toArray();
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(1, 140);
            while (id.length() < length) {
                id.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
            }
            Map<String, Object> event = with("device_id", id.toString());
            try {
                LoginEventValidator.validate(event);
            } catch (ParkException e) {
                assertSame(Reason.FIELD_TOO_LONG, e.reason(), e.getMessage());
                continue;
            }
            accepted++;
            String token = masker.mask(Field.DEVICE_ID, (String) event.get("device_id"));
            assertTrue(token.length() <= 256, "device_id of " + id.length() + " chars, "
                    + id.toString().getBytes(StandardCharsets.UTF_8).length + " UTF-8 bytes masks to "
                    + token.length() + " characters");
        }
        assertTrue(accepted > 500, "most random device ids are accepted: " + accepted);
    }

    @Test
    void a128CharacterNonAsciiDeviceIdIsTooLongForItsToken() {
        String id = "é".repeat(LoginEventValidator.MAX_DEVICE_ID); // 256 UTF-8 bytes: a 370-character token
        assertRejected(Reason.FIELD_TOO_LONG, "device_id", with("device_id", id), id);
    }

    /**
     * A lone surrogate cannot be written as UTF-8: masking would turn it into '?', so that two different
     * device ids share a token and unmask gives back neither.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "abc\udc00", "\udbff-1", "x\ud83d"})
    void deviceIdsThatAreNotWellFormedUnicodeHaveAnInvalidCharacter(String deviceId) {
        assertRejected(Reason.INVALID_CHARACTER, "device_id", with("device_id", deviceId), deviceId);
    }

    // ---------------------------------------------------------------- invalid characters

    /** A value for each field that would be valid but for one character, put at {@code %s}. */
    static Stream<Arguments> fieldsWithRoomForACharacter() {
        return Stream.of(
                Arguments.of("user_id", "424cdd21-%s-43a7"),
                Arguments.of("device_type", "andr%soid"),
                Arguments.of("locale", "R%sU"),
                Arguments.of("app_version", "2.3%s"),
                Arguments.of("ip", "199.172.111.135%s"),
                Arguments.of("device_id", "593-47%s-5928"));
    }

    /** Postgres text cannot hold NUL: without this rule the database refuses the row and its batch goes row by row. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsWithRoomForACharacter")
    void aNulCharacterInAnyFieldIsAnInvalidCharacter(String field, String template) {
        String value = String.format(template, "\u0000");
        ParkException e = assertThrows(ParkException.class, () -> LoginEventValidator.validate(with(field, value)));
        assertSame(Reason.INVALID_CHARACTER, e.reason(), e.getMessage());
        assertEquals("invalid-character: " + field + " contains a control character (U+0000)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsWithRoomForACharacter")
    void controlCharactersAndLoneSurrogatesAreRefusedInEveryField(String field, String template) {
        for (String c : List.of("\u0001", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u009b",
                "\u009f", "\ud800", "\udfff")) {
            String value = String.format(template, c);
            assertRejected(Reason.INVALID_CHARACTER, field, with(field, value), value);
        }
    }

    @Test
    void theRejectionNamesTheFieldAndTheCharacterButNotTheValue() {
        ParkException e = assertThrows(ParkException.class,
                () -> LoginEventValidator.validate(with("user_id", "alice\u001b[31m")));
        assertEquals("invalid-character: user_id contains a control character (U+001B)", e.getMessage());
        e = assertThrows(ParkException.class, () -> LoginEventValidator.validate(with("locale", "x\udc00")));
        assertEquals("invalid-character: locale is not well-formed Unicode (a lone surrogate, U+DC00)", e.getMessage());
    }

    /** The rule, stated over every UTF-16 code unit: refused exactly when it is a control character or a surrogate alone. */
    @Test
    void exactlyControlCharactersAndUnpairedSurrogatesAreInvalid() {
        for (int c = 0; c <= 0xFFFF; c++) {
            int type = Character.getType(c);
            boolean invalid = type == Character.CONTROL || type == Character.SURROGATE;
            assertEquals(invalid ? 1 : -1, LoginEventValidator.invalidCharacterAt("a" + (char) c + "b"),
                    String.format("U+%04X (type %d)", c, type));
        }
        assertEquals(-1, LoginEventValidator.invalidCharacterAt("\ud83d\udcf1"), "a surrogate pair is one character");
        assertEquals(0, LoginEventValidator.invalidCharacterAt("\udcf1\ud83d"), "a low surrogate first is not a pair");
        assertEquals(-1, LoginEventValidator.invalidCharacterAt(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "\u00a0", "\u00a1", "~", "\u200d", "\u202e", "\ufeff", "\u2028", "😀", "👩\u200d💻"})
    void spacesFormatCharactersAndEmojiAreText(String c) {
        Map<String, Object> event = with("user_id", "u-" + c);
        assertDoesNotThrow(() -> LoginEventValidator.validate(event));
        assertEquals("u-" + c, event.get("user_id"));
    }

    @Test
    void whitespaceAroundADeviceIdIsTrimmedButInsideItIsInvalid() {
        Map<String, Object> event = with("device_id", "\n\t593-47-5928\r\n");
        LoginEventValidator.validate(event);
        assertEquals("593-47-5928", event.get("device_id"));
        assertRejected(Reason.INVALID_CHARACTER, "device_id", with("device_id", "593\t47-5928"), "593\t47-5928");
    }

    @Test
    void wellFormedSurrogatePairsAreFine() {
        Map<String, Object> event = with("device_id", "phone-📱");
        LoginEventValidator.validate(event);
        assertEquals("phone-📱", event.get("device_id"));
    }
}
