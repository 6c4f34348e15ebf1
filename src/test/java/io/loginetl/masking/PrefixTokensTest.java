package io.loginetl.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ip mode prefix, as the pipeline, unmask and rekey use it: through the Masker of a mask keyset. */
class PrefixTokensTest {

    private static final String KEY = MaskKeys.generate(MaskMode.SIV);
    private static final Masker PREFIX = Masker.of(MaskMode.SIV, IpMode.PREFIX, KEY);
    private static final Pattern TOKEN = Pattern.compile("([0-9a-f:.]+)@([0-9a-f]{8})");

    // ---------------------------------------------------------------- prefixes, over many random pairs

    @Test
    void ipv4TokensShareAsManyLeadingBitsAsTheirAddresses() {
        assertPrefixPreserving(4, 4);
    }

    @Test
    void ipv6TokensShareAsManyLeadingBitsAsTheirAddresses() {
        assertPrefixPreserving(16, 6);
    }

    private static void assertPrefixPreserving(int length, long seed) {
        Random random = new Random(seed);
        int bits = length * 8;
        for (int k = 0; k <= bits; k++) {
            for (int n = 0; n < 30; n++) {
                byte[] a = randomBytes(random, length);
                byte[] b = AddressBits.withSharedPrefix(a, k, random);
                byte[] maskedA = addressOf(PREFIX.mask(Field.IP, text(a)));
                byte[] maskedB = addressOf(PREFIX.mask(Field.IP, text(b)));
                assertEquals(k, AddressBits.sharedPrefix(maskedA, maskedB), () -> text(a) + " and " + text(b) + " share " + AddressBits.sharedPrefix(a, b) + " bits");
            }
        }
    }

    @Test
    void loginsFromOneSlash24LandInOneMaskedSlash24AndNoOtherDoes() {
        Set<String> maskedNetworks = new HashSet<>();
        for (int host = 0; host < 256; host++) {
            maskedNetworks.add(slash24(PREFIX.mask(Field.IP, "203.0.113." + host)));
        }
        assertEquals(1, maskedNetworks.size(), maskedNetworks.toString());
        String network = maskedNetworks.iterator().next();
        for (int net = 0; net < 256; net++) {
            if (net != 113) {
                assertNotEquals(network, slash24(PREFIX.mask(Field.IP, "203.0." + net + ".7")));
            }
        }
    }

    // ---------------------------------------------------------------- the token

    @ParameterizedTest
    @ValueSource(strings = {"199.172.111.135", "0.0.0.0", "255.255.255.255", "224.0.0.1", "2001:db8::1", "::1", "::",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    void aTokenIsACanonicalAddressOfTheSameFamilyAndTheKeysId(String ip) {
        String token = PREFIX.mask(Field.IP, ip);
        var parts = TOKEN.matcher(token);
        assertTrue(parts.matches(), token);
        assertEquals(Canonical.ip(parts.group(1)).orElseThrow(), parts.group(1), "canonical, so equal addresses give equal text");
        assertEquals(ip.contains(":"), parts.group(1).contains(":"), "the same family: " + token);
        assertTrue(token.length() <= 48, "fits masked_ip varchar(256) with room: " + token);
        assertEquals(token, PREFIX.mask(Field.IP, ip), "deterministic");
        assertEquals(token, Masker.of(MaskMode.SIV, IpMode.PREFIX, KEY).mask(Field.IP, ip), "from the key alone");
    }

    @Test
    void equalAddressesInAnyFormGiveEqualTokens() {
        assertEquals(PREFIX.mask(Field.IP, "2001:db8::1"), PREFIX.mask(Field.IP, "2001:0DB8:0:0:0:0:0:0001"));
        assertEquals(PREFIX.mask(Field.IP, "1.2.3.4"), PREFIX.mask(Field.IP, "::ffff:1.2.3.4"));
    }

    @Test
    void theKeyDecidesThePseudonym() {
        Masker other = Masker.of(MaskMode.SIV, IpMode.PREFIX, MaskKeys.generate(MaskMode.SIV));
        assertNotEquals(addressPart(PREFIX.mask(Field.IP, "199.172.111.135")), addressPart(other.mask(Field.IP, "199.172.111.135")));
    }

    @Test
    void onlyTheIpFieldIsPrefixMasked() {
        String deviceToken = PREFIX.mask(Field.DEVICE_ID, "593-47-5928");
        assertFalse(deviceToken.contains("@"), deviceToken);
        assertEquals(Masker.of(MaskMode.SIV, KEY).mask(Field.DEVICE_ID, "593-47-5928"), deviceToken, "as in siv mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", "1.2.3.04", "256.1.1.1", "", "fe80::1%eth0", "example.com"})
    void aValueThatIsNotAnAddressIsRefusedWithoutEchoingIt(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PREFIX.mask(Field.IP, value));
        assertEquals("the ip field is not an IP address", e.getMessage());
    }

    // ---------------------------------------------------------------- unmask

    @Test
    void randomAddressesComeBackThroughUnmask() {
        Random random = new Random(11);
        for (int n = 0; n < 2000; n++) {
            String ip = text(randomBytes(random, n % 2 == 0 ? 4 : 16));
            String canonical = Canonical.ip(ip).orElseThrow();
            assertEquals(new Masker.Unmasked(Field.IP, canonical), PREFIX.unmask(PREFIX.mask(Field.IP, ip)), ip);
        }
    }

    @Test
    void eitherIpModeUnmasksTheOthersTokens() {
        Masker siv = Masker.of(MaskMode.SIV, IpMode.SIV, KEY);
        assertEquals("199.172.111.135", siv.unmask(PREFIX.mask(Field.IP, "199.172.111.135")).value());
        assertEquals("199.172.111.135", PREFIX.unmask(siv.mask(Field.IP, "199.172.111.135")).value());
    }

    @Test
    void aTokenOfAKeyNotInTheKeysetDoesNotUnmask() {
        String foreign = Masker.of(MaskMode.SIV, IpMode.PREFIX, MaskKeys.generate(MaskMode.SIV)).mask(Field.IP, "1.2.3.4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PREFIX.unmask(foreign));
        assertTrue(e.getMessage().contains("not a prefix ip token of any configured key"), e.getMessage());
        assertFalse(e.getMessage().contains(addressPart(foreign)), "the message does not quote the token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4@", "@0000abcd", "1.2.3.04@%s", "1.2.3.4@%S", "2001:DB8::1@%s", "2001:db8:0::1@%s",
            "example.com@%s", "1.2.3.4@%s0", "1.2.3.4@@%s"})
    void aTokenNotSpelledAsMaskingWritesItDoesNotUnmask(String shape) {
        String keyId = keyIdPart(PREFIX.mask(Field.IP, "1.2.3.4"));
        String token = shape.replace("%s", keyId).replace("%S", keyId.toUpperCase());
        assertThrows(IllegalArgumentException.class, () -> PREFIX.unmask(token), token);
    }

    @Test
    void aPrefixTokenIsNotADeviceToken() {
        String token = PREFIX.mask(Field.IP, "1.2.3.4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PREFIX.unmask(token, List.of(Field.DEVICE_ID)));
        assertTrue(e.getMessage().contains("ip is not one of [device_id]"), e.getMessage());
    }

    // ---------------------------------------------------------------- rotation and rekey

    @Test
    void afterRotationOldTokensUnmaskAndNewOnesCarryTheNewKey() {
        String rotated = MaskKeys.rotate(KEY, MaskMode.SIV);
        Masker after = Masker.of(MaskMode.SIV, IpMode.PREFIX, rotated);
        String oldToken = PREFIX.mask(Field.IP, "199.172.111.135");
        String newToken = after.mask(Field.IP, "199.172.111.135");
        assertNotEquals(keyIdPart(oldToken), keyIdPart(newToken));
        assertNotEquals(addressPart(oldToken), addressPart(newToken), "each key has its own Crypto-PAn key");
        assertEquals("199.172.111.135", after.unmask(oldToken).value());
        assertEquals("199.172.111.135", after.unmask(newToken).value());
        assertThrows(IllegalArgumentException.class, () -> PREFIX.unmask(newToken), "the old keyset knows nothing of the new key");
    }

    @Test
    void rekeyMovesPrefixTokensUnderThePrimaryKeyAndLeavesItsOwnAlone() {
        Masker after = Masker.of(MaskMode.SIV, IpMode.PREFIX, MaskKeys.rotate(KEY, MaskMode.SIV));
        String oldToken = PREFIX.mask(Field.IP, "2001:db8:1::7");
        String rekeyed = Rekey.remask(after, Field.IP, oldToken);
        assertEquals(after.mask(Field.IP, "2001:db8:1::7"), rekeyed);
        assertEquals(rekeyed, Rekey.remask(after, Field.IP, rekeyed), "re-runnable: a primary-key token stays as it is");
    }

    @Test
    void rekeyMovesATableBetweenIpModes() {
        Masker siv = Masker.of(MaskMode.SIV, IpMode.SIV, KEY);
        String sivToken = siv.mask(Field.IP, "198.51.100.23");
        String prefixToken = Rekey.remask(PREFIX, Field.IP, sivToken);
        assertEquals(PREFIX.mask(Field.IP, "198.51.100.23"), prefixToken);
        assertEquals(sivToken, Rekey.remask(siv, Field.IP, prefixToken));
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void hmacModeRefusesThePrefixIpMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Masker.of(MaskMode.HMAC, IpMode.PREFIX, MaskKeys.generate(MaskMode.HMAC)));
        assertTrue(e.getMessage().contains("needs the mask mode siv"), e.getMessage());
    }

    @Test
    void ipModeNamesAreCheckedAndLenient() {
        assertEquals(IpMode.PREFIX, IpMode.of(" Prefix "));
        assertEquals("mask.ip-mode must be 'siv' or 'prefix'", assertThrows(IllegalArgumentException.class, () -> IpMode.of("cidr")).getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static String addressPart(String token) {
        return token.substring(0, token.lastIndexOf('@'));
    }

    private static String keyIdPart(String token) {
        return token.substring(token.lastIndexOf('@') + 1);
    }

    private static String slash24(String token) {
        String address = addressPart(token);
        return address.substring(0, address.lastIndexOf('.'));
    }

    private static byte[] addressOf(String token) {
        try {
            byte[] bytes = InetAddress.getByName(Canonical.ip(addressPart(token)).orElseThrow()).getAddress();
            assertEquals(addressPart(token).contains(":") ? 16 : 4, bytes.length, token);
            return bytes;
        } catch (UnknownHostException e) {
            throw new AssertionError(token, e);
        }
    }

    /** Address bytes as text the JDK writes (not canonical: zero runs stay spelled out), for masking to canonicalise. */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
