package io.loginetl.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class MaskerTest {

    private static final String SIV_KEY = MaskKeys.generate(MaskMode.SIV);
    private static final String OTHER_SIV_KEY = MaskKeys.generate(MaskMode.SIV);
    private static final String HMAC_KEY = MaskKeys.generate(MaskMode.HMAC);
    private static final String OTHER_HMAC_KEY = MaskKeys.generate(MaskMode.HMAC);

    private static final Masker SIV = Masker.of(MaskMode.SIV, SIV_KEY);
    private static final Masker HMAC = Masker.of(MaskMode.HMAC, HMAC_KEY);

    private static final String LONGEST_IPV6 = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    private static final String DEVICE_ID_128 = "d".repeat(64) + "0123456789abcdef".repeat(4);

    private static final List<String> VALUES = List.of(
            "199.172.111.135", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "::", LONGEST_IPV6,
            "593-47-5928", "104-25-0070", DEVICE_ID_128, "x", "ünïcødé-设备-📱", "tab\there", "\u0000nul");

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    // ---------------------------------------------------------------- SIV basics

    @Test
    void maskingIsDeterministic() {
        for (Field field : Field.DEFAULTS) {
            for (String value : VALUES) {
                assertEquals(SIV.mask(field, value), SIV.mask(field, value), value);
                assertEquals(SIV.mask(field, value), Masker.of(MaskMode.SIV, SIV_KEY).mask(field, value),
                        "a second Masker on the same key gives the same token");
            }
        }
    }

    @Test
    void differentValuesGiveDifferentTokens() {
        for (Field field : Field.DEFAULTS) {
            Set<String> tokens = new HashSet<>();
            for (String value : VALUES) {
                assertTrue(tokens.add(SIV.mask(field, value)), "token of " + value + " is not unique");
            }
        }
        assertNotEquals(SIV.mask(Field.IP, "1.2.3.4"), SIV.mask(Field.IP, "1.2.3.5"));
        assertNotEquals(SIV.mask(Field.DEVICE_ID, "a"), SIV.mask(Field.DEVICE_ID, "A"));
    }

    @Test
    void theSameValueInTwoFieldsGivesTwoTokensThatUnmaskToTheirOwnField() {
        for (String value : VALUES) {
            String ipToken = SIV.mask(Field.IP, value);
            String deviceToken = SIV.mask(Field.DEVICE_ID, value);
            assertNotEquals(ipToken, deviceToken, value);
            assertEquals(new Masker.Unmasked(Field.IP, Canonical.ip(value).orElse(value)), SIV.unmask(ipToken));
            assertEquals(new Masker.Unmasked(Field.DEVICE_ID, value), SIV.unmask(deviceToken));
        }
    }

    @Test
    void tokensAreBase64UrlWithoutPadding() {
        for (Masker masker : List.of(SIV, HMAC)) {
            for (String value : VALUES) {
                String token = masker.mask(Field.IP, value);
                assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "0.0.0.0", "255.255.255.255", "224.0.0.1", "2001:db8::1", "::1", "::",
            "fe80::1", "2001:db8::1:0:0:1", LONGEST_IPV6})
    void ipsRoundTrip(String ip) {
        assertEquals(new Masker.Unmasked(Field.IP, Canonical.ip(ip).orElseThrow()), SIV.unmask(SIV.mask(Field.IP, ip)));
    }

    @Test
    void ipsAndDeviceIdsAreMaskedInCanonicalFormSoEveryRouteMakesOneTokenPerValue() {
        // The pipeline validates first (its values are canonical already); a route through the Kamelet does not
        assertEquals(SIV.mask(Field.IP, "2001:db8::1"), SIV.mask(Field.IP, "2001:0DB8:0000::0001"));
        assertEquals(SIV.mask(Field.IP, "1.2.3.4"), SIV.mask(Field.IP, "::ffff:1.2.3.4"));
        assertEquals(SIV.mask(Field.DEVICE_ID, "593-47-5928"), SIV.mask(Field.DEVICE_ID, " 593-47-5928\t"));
        assertEquals(HMAC.mask(Field.IP, "2001:db8::1"), HMAC.mask(Field.IP, "2001:DB8::1"));
        assertEquals("not an ip", SIV.unmask(SIV.mask(Field.IP, "not an ip")).value(), "what is not an address is masked as it is");
    }

    @ParameterizedTest
    @ValueSource(strings = {"593-47-5928", "104-25-0070", "x", "a b c", "ünïcødé", "设备标识", "📱🔐", "Ωμέγα-42",
            "e\u0301", "\u00e9", "tab\there", "new\nline"})
    void deviceIdsIncludingUnicodeRoundTrip(String deviceId) {
        assertEquals(new Masker.Unmasked(Field.DEVICE_ID, deviceId), SIV.unmask(SIV.mask(Field.DEVICE_ID, deviceId)));
    }

    @Test
    void the128CharDeviceIdRoundTrips() {
        assertEquals(128, DEVICE_ID_128.length());
        assertEquals(new Masker.Unmasked(Field.DEVICE_ID, DEVICE_ID_128),
                SIV.unmask(SIV.mask(Field.DEVICE_ID, DEVICE_ID_128)));
    }

    @Test
    void unmaskToleratesSurroundingWhitespace() {
        String token = SIV.mask(Field.IP, "1.2.3.4");
        assertEquals("1.2.3.4", SIV.unmask("  " + token + "\n").value());
    }

    @Test
    void tokensFitTheVarchar256Columns() {
        assertEquals(45, LONGEST_IPV6.length());
        assertEquals(128, DEVICE_ID_128.length());
        // 5-byte key id + 16-byte SIV + the value (the ip canonical: 39 characters at most), base64url without padding
        assertEquals(80, SIV.mask(Field.IP, LONGEST_IPV6).length());
        assertEquals(199, SIV.mask(Field.DEVICE_ID, DEVICE_ID_128).length());
        assertTrue(SIV.mask(Field.IP, LONGEST_IPV6).length() <= 256);
        assertTrue(SIV.mask(Field.DEVICE_ID, DEVICE_ID_128).length() <= 256);
        // 5-byte key id + 32-byte tag, whatever the value
        assertEquals(50, HMAC.mask(Field.IP, LONGEST_IPV6).length());
        assertEquals(50, HMAC.mask(Field.DEVICE_ID, DEVICE_ID_128).length());
        assertEquals(50, HMAC.mask(Field.DEVICE_ID, "x").length());
    }

    // ---------------------------------------------------------------- SIV failures

    @Test
    void aTokenFromAnotherKeyDoesNotVerify() {
        Masker other = Masker.of(MaskMode.SIV, OTHER_SIV_KEY);
        for (String value : VALUES) {
            String token = other.mask(Field.IP, value);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SIV.unmask(token));
            assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
            assertClean(e, value, token, SIV_KEY, OTHER_SIV_KEY);
        }
    }

    @Test
    void paddedOrOtherwiseReSpelledTokensAreRejected() {
        String token = SIV.mask(Field.IP, "1.2.3.4"); // 28 bytes: 38 characters, no padding
        assertEquals(2, (4 - token.length() % 4) % 4, "this token would take two '=' of padding");
        for (String bad : List.of(token + "==", token + "=", token.replace('-', '+').replace('_', '/') + "+/")) {
            assertThrows(IllegalArgumentException.class, () -> SIV.unmask(bad), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "a", "abcde", "****", "token with spaces", "ab=cd", "é"})
    void nonBase64TokensFailClearly(String token) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SIV.unmask(token));
        assertTrue(e.getMessage().contains("base64") || e.getMessage().contains("does not verify"), e.getMessage());
        assertNull(e.getCause(), "the decoder's exception could quote the token");
        if (token.length() > 1) {
            assertFalse(e.getMessage().contains(token), e.getMessage());
        }
    }

    @Test
    void anEmptyTokenFails() {
        assertThrows(IllegalArgumentException.class, () -> SIV.unmask(""));
        assertThrows(IllegalArgumentException.class, () -> SIV.unmask("   "));
    }

    @Test
    void anHmacTokenDoesNotUnmaskInSivMode() {
        String token = HMAC.mask(Field.IP, "1.2.3.4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SIV.unmask(token));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void rotationKeepsOldTokensUnmaskableAndMasksWithTheNewKey() {
        String rotated = MaskKeys.rotate(SIV_KEY, MaskMode.SIV);
        assertNotEquals(SIV_KEY, rotated);
        Masker after = Masker.of(MaskMode.SIV, rotated);
        for (String value : VALUES) {
            for (Field field : Field.DEFAULTS) {
                String oldToken = SIV.mask(field, value);
                String newToken = after.mask(field, value);
                String masked = field.equals(Field.IP) ? Canonical.ip(value).orElse(value) : value;
                assertEquals(new Masker.Unmasked(field, masked), after.unmask(oldToken), "old token after rotation");
                assertEquals(new Masker.Unmasked(field, masked), after.unmask(newToken), "new token");
                assertNotEquals(oldToken, newToken, value);
                assertNotEquals(keyId(oldToken), keyId(newToken), "the new token carries the new key's id");
                assertEquals(newToken, after.mask(field, value), "still deterministic after rotation");
                // The old keyset knows nothing of the new key.
                assertThrows(IllegalArgumentException.class, () -> SIV.unmask(newToken));
            }
        }
    }

    @Test
    void everyTokenOfOneKeyStartsWithTheSameKeyId() {
        Set<String> ids = new HashSet<>();
        for (String value : VALUES) {
            ids.add(keyId(SIV.mask(Field.IP, value)));
            ids.add(keyId(SIV.mask(Field.DEVICE_ID, value)));
        }
        assertEquals(1, ids.size(), ids.toString());
    }

    @Test
    void rotatingTwiceKeepsEveryGenerationUnmaskable() {
        String once = MaskKeys.rotate(SIV_KEY, MaskMode.SIV);
        String twice = MaskKeys.rotate(once, MaskMode.SIV);
        Masker latest = Masker.of(MaskMode.SIV, twice);
        String value = "593-47-5928";
        Set<String> tokens = new HashSet<>();
        for (String key : List.of(SIV_KEY, once, twice)) {
            String token = Masker.of(MaskMode.SIV, key).mask(Field.DEVICE_ID, value);
            tokens.add(token);
            assertEquals(value, latest.unmask(token).value());
        }
        assertEquals(3, tokens.size());
    }

    @Test
    void hmacKeysRotateToo() {
        String rotated = MaskKeys.rotate(HMAC_KEY, MaskMode.HMAC);
        Masker after = Masker.of(MaskMode.HMAC, rotated);
        assertNotEquals(HMAC.mask(Field.IP, "1.2.3.4"), after.mask(Field.IP, "1.2.3.4"));
        assertEquals(after.mask(Field.IP, "1.2.3.4"), after.mask(Field.IP, "1.2.3.4"));
    }

    private static String keyId(String token) {
        byte[] bytes = DECODER.decode(token);
        return java.util.HexFormat.of().formatHex(bytes, 0, 5);
    }

    // ---------------------------------------------------------------- HMAC

    @Test
    void hmacIsDeterministicAndDiffersPerValueAndPerField() {
        Set<String> tokens = new HashSet<>();
        for (String value : VALUES) {
            String ip = HMAC.mask(Field.IP, value);
            String device = HMAC.mask(Field.DEVICE_ID, value);
            assertEquals(ip, HMAC.mask(Field.IP, value));
            assertEquals(ip, Masker.of(MaskMode.HMAC, HMAC_KEY).mask(Field.IP, value));
            assertNotEquals(ip, device, value);
            assertTrue(tokens.add(ip), value);
            assertTrue(tokens.add(device), value);
        }
    }

    @Test
    void hmacTokensDependOnTheKey() {
        Masker other = Masker.of(MaskMode.HMAC, OTHER_HMAC_KEY);
        for (String value : VALUES) {
            assertNotEquals(HMAC.mask(Field.IP, value), other.mask(Field.IP, value));
        }
    }

    @Test
    void hmacTokensDoNotContainTheValue() {
        for (String value : VALUES) {
            String token = HMAC.mask(Field.DEVICE_ID, value);
            byte[] bytes = DECODER.decode(token);
            assertEquals(37, bytes.length);
            if (value.length() > 2) {
                assertFalse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(value));
            }
        }
    }

    @Test
    void hmacTokensCannotBeUnmasked() {
        String token = HMAC.mask(Field.IP, "1.2.3.4");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> HMAC.unmask(token));
        assertClean(e, "1.2.3.4", token, HMAC_KEY);
        assertThrows(UnsupportedOperationException.class, () -> HMAC.unmask(SIV.mask(Field.IP, "1.2.3.4")));
    }

    @Test
    void aKeyOfTheOtherModeIsRejected() {
        IllegalArgumentException sivKeyInHmacMode =
                assertThrows(IllegalArgumentException.class, () -> Masker.of(MaskMode.HMAC, SIV_KEY));
        assertTrue(sivKeyInHmacMode.getMessage().contains("hmac"), sivKeyInHmacMode.getMessage());
        assertClean(sivKeyInHmacMode, null, null, SIV_KEY);

        IllegalArgumentException hmacKeyInSivMode =
                assertThrows(IllegalArgumentException.class, () -> Masker.of(MaskMode.SIV, HMAC_KEY));
        assertTrue(hmacKeyInSivMode.getMessage().contains("siv"), hmacKeyInSivMode.getMessage());
        assertClean(hmacKeyInSivMode, null, null, HMAC_KEY);
    }

    @Test
    void aGarbageKeyIsRejectedWithoutQuotingIt() {
        String garbage = "this-is-not-a-keyset-c2VjcmV0";
        for (MaskMode mode : MaskMode.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masker.of(mode, garbage));
            assertClean(e, null, null, garbage);
        }
    }

    // ---------------------------------------------------------------- messages never leak

    @Test
    void noFailureMessageContainsTheKeyOrTheValue() {
        String value = "203.0.113.77";
        String device = "987-65-4321";
        String ipToken = SIV.mask(Field.IP, value);
        String deviceToken = SIV.mask(Field.DEVICE_ID, device);
        Masker other = Masker.of(MaskMode.SIV, OTHER_SIV_KEY);
        List<Executable> failures = new ArrayList<>(List.of(
                () -> other.unmask(ipToken),
                () -> other.unmask(deviceToken),
                () -> SIV.unmask(ipToken.substring(0, ipToken.length() - 3)),
                () -> SIV.unmask(ipToken + "A"),
                () -> SIV.unmask("!" + ipToken),
                () -> HMAC.unmask(ipToken),
                () -> Masker.of(MaskMode.HMAC, SIV_KEY),
                () -> Masker.of(MaskMode.SIV, HMAC_KEY),
                () -> Masker.of(MaskMode.SIV, SIV_KEY.substring(1)),
                () -> Masker.of(MaskMode.SIV, SIV_KEY.substring(0, SIV_KEY.length() - 8)),
                () -> Masker.of(MaskMode.SIV, "  "),
                () -> MaskKeys.rotate(SIV_KEY + "!", MaskMode.SIV)));
        for (Executable failure : failures) {
            Throwable e = assertThrows(RuntimeException.class, failure);
            for (String secret : List.of(value, device, SIV_KEY, HMAC_KEY, OTHER_SIV_KEY)) {
                assertClean(e, secret, null);
            }
        }
    }

    /** Neither the exception nor any cause mentions the value, the token or a key, in part or whole. */
    private static void assertClean(Throwable e, String value, String token, String... keys) {
        List<String> secrets = new ArrayList<>();
        if (value != null && value.length() > 1) {
            secrets.add(value);
        }
        if (token != null && token.length() > 3) {
            secrets.add(token);
        }
        for (String key : keys) {
            if (key != null) {
                secrets.add(key);
                // any 16-character window of a key is already too much
                for (int i = 0; i + 16 <= key.length(); i += 8) {
                    secrets.add(key.substring(i, i + 16));
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t.toString();
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    fail("exception text leaks a secret: " + text);
                }
            }
        }
    }

    // ---------------------------------------------------------------- properties

    @Test
    void randomIpv4AndDeviceIdsMaskEqualIffEqual() {
        SplittableRandom random = new SplittableRandom(1234L);
        for (Masker masker : List.of(SIV, HMAC)) {
            Map<String, String> tokenToValue = new HashMap<>();
            Map<String, String> valueToToken = new HashMap<>();
            for (int i = 0; i < 3_000; i++) {
                // small ranges on purpose, so that values repeat
                String ip = random.nextInt(2) + "." + random.nextInt(2) + "." + random.nextInt(16) + "." + random.nextInt(256);
                String device = String.format(Locale.ROOT, "%03d-%02d-%04d",
                        random.nextInt(2), random.nextInt(10), random.nextInt(10_000));
                check(masker, Field.IP, ip, tokenToValue, valueToToken);
                check(masker, Field.DEVICE_ID, device, tokenToValue, valueToToken);
            }
            assertTrue(valueToToken.size() < 6_000, "some values repeated: " + valueToToken.size());
            assertTrue(valueToToken.size() > 5_000, "most values distinct: " + valueToToken.size());
        }
    }

    private static void check(Masker masker, Field field, String value,
                              Map<String, String> tokenToValue, Map<String, String> valueToToken) {
        String key = field + "/" + value;
        String token = masker.mask(field, value);
        String earlierToken = valueToToken.putIfAbsent(key, token);
        if (earlierToken != null) {
            assertEquals(earlierToken, token, "equal inputs, different tokens: " + key);
        }
        String earlierValue = tokenToValue.putIfAbsent(token, key);
        if (earlierValue != null) {
            assertEquals(earlierValue, key, "distinct inputs share a token");
        }
        if (masker.mode() == MaskMode.SIV && earlierToken == null) {
            assertEquals(new Masker.Unmasked(field, value), masker.unmask(token));
        }
    }
}
