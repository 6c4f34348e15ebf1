package io.loginetl.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CryptoPanTest {

    /** The key of the Crypto-PAn 1.0 sample trace. */
    private static final byte[] SAMPLE_KEY = bytes(21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125,
            16, 216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2);
    private static final CryptoPan SAMPLE = CryptoPan.of(SAMPLE_KEY);

    // ---------------------------------------------------------------- published vectors

    @Test
    void reproducesTheReferenceImplementationsSample() throws IOException {
        List<String[]> pairs = referenceSample();
        assertEquals(70, pairs.size(), "every distinct pair of the sample trace");
        for (String[] pair : pairs) {
            byte[] raw = literal(pair[0]);
            byte[] sanitised = literal(pair[1]);
            assertEquals(4, raw.length, pair[0]);
            assertArrayEquals(sanitised, SAMPLE.anonymize(raw), pair[0] + " -> " + pair[1]);
            assertArrayEquals(raw, SAMPLE.deanonymize(sanitised), pair[1] + " <- " + pair[0]);
        }
    }

    /** IPv6 vectors published by Yawning Angel's Go port (github.com/Yawning/cryptopan, cryptopan_test.go). */
    @Test
    void matchesTheIpv6VectorsOfTheGoPort() throws IOException {
        String[][] vectors = {
                {"::1", "78ff:f001:9fc0:20df:8380:b1f1:704:ed"},
                {"::2", "78ff:f001:9fc0:20df:8380:b1f1:704:ef"},
                {"::ffff", "78ff:f001:9fc0:20df:8380:b1f1:704:f838"},
                {"2001:db8::1", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e"},
                {"2001:db8::2", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1c"},
        };
        for (String[] vector : vectors) {
            assertArrayEquals(literal(vector[1]), SAMPLE.anonymize(literal(vector[0])), vector[0]);
        }
    }

    /** The example in the README of yacryptopan (github.com/keiichishima/yacryptopan), under its own key. */
    @Test
    void matchesTheReadmeExampleOfYacryptopan() throws IOException {
        CryptoPan readme = CryptoPan.of("32-char-str-for-AES-key-and-pad.".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(literal("192.0.125.244"), readme.anonymize(literal("192.0.2.1")));
        assertArrayEquals(literal("27fe:8bc7:fee:1e:1e1f:f0fe:f0e1:83fd"), readme.anonymize(literal("2001:db8::1")));
    }

    /** The pad is used from its first bit in both cases, so the first 32 bits of IPv6 behave exactly like IPv4. */
    @Test
    void anIpv6AddressStartingWithAnIpv4AddressGetsThatAddresssPseudonymAsItsFirst32Bits() throws IOException {
        Random random = new Random(6);
        for (String[] pair : referenceSample()) {
            byte[] v6 = new byte[16];
            random.nextBytes(v6);
            System.arraycopy(literal(pair[0]), 0, v6, 0, 4);
            assertArrayEquals(literal(pair[1]), Arrays.copyOf(SAMPLE.anonymize(v6), 4), pair[0]);
        }
    }

    // ---------------------------------------------------------------- prefix preservation

    @Test
    void keepsTheSharedPrefixLengthOfIpv4Addresses() {
        assertPrefixPreserving(4, 42);
    }

    @Test
    void keepsTheSharedPrefixLengthOfIpv6Addresses() {
        assertPrefixPreserving(16, 43);
    }

    private static void assertPrefixPreserving(int length, long seed) {
        CryptoPan pan = CryptoPan.of(randomKey(seed));
        Random random = new Random(seed);
        int bits = length * 8;
        // Independent random pairs mostly share short prefixes, so pairs are also built for every prefix length.
        for (int n = 0; n < 2000; n++) {
            assertSamePrefix(pan, randomBytes(random, length), randomBytes(random, length));
        }
        for (int k = 0; k <= bits; k++) {
            for (int n = 0; n < 4000 / (bits + 1) + 1; n++) {
                byte[] a = randomBytes(random, length);
                byte[] b = AddressBits.withSharedPrefix(a, k, random);
                assertEquals(k, AddressBits.sharedPrefix(a, b), "the constructed pair shares k bits");
                assertSamePrefix(pan, a, b);
            }
        }
    }

    private static void assertSamePrefix(CryptoPan pan, byte[] a, byte[] b) {
        assertEquals(AddressBits.sharedPrefix(a, b), AddressBits.sharedPrefix(pan.anonymize(a), pan.anonymize(b)),
                () -> Arrays.toString(a) + " / " + Arrays.toString(b));
    }

    // ---------------------------------------------------------------- inverse and injectivity

    @ParameterizedTest(name = "{0}-byte addresses come back from their pseudonyms")
    @ValueSource(ints = {4, 16})
    void deanonymizeUndoesAnonymize(int length) {
        CryptoPan pan = CryptoPan.of(randomKey(length));
        Random random = new Random(length);
        List<byte[]> addresses = new ArrayList<>(List.of(new byte[length], filled(length, 0xff)));
        for (int n = 0; n < 5000; n++) {
            addresses.add(randomBytes(random, length));
        }
        for (byte[] address : addresses) {
            byte[] before = address.clone();
            byte[] pseudonym = pan.anonymize(address);
            assertArrayEquals(before, address, "the caller's array is left alone");
            byte[] pseudonymBefore = pseudonym.clone();
            assertArrayEquals(address, pan.deanonymize(pseudonym));
            assertArrayEquals(pseudonymBefore, pseudonym, "the caller's array is left alone");
        }
    }

    @Test
    void givesEveryAddressOfAnIpv4SlashSixteenItsOwnPseudonym() {
        Set<String> pseudonyms = new HashSet<>();
        for (int i = 0; i < 1 << 16; i++) {
            byte[] address = {(byte) 198, 51, (byte) (i >>> 8), (byte) i};
            assertTrue(pseudonyms.add(Arrays.toString(SAMPLE.anonymize(address))), Arrays.toString(address));
        }
    }

    @Test
    void givesDistinctIpv6AddressesDistinctPseudonyms() {
        Random random = new Random(16);
        Set<String> addresses = new HashSet<>();
        Set<String> pseudonyms = new HashSet<>();
        byte[] prefix = randomBytes(random, 16);
        for (int n = 0; n < 20_000; n++) {
            // Half share a /64, where a collision would hurt most.
            byte[] address = randomBytes(random, 16);
            if (n % 2 == 0) {
                System.arraycopy(prefix, 0, address, 0, 8);
            }
            if (addresses.add(Arrays.toString(address))) {
                assertTrue(pseudonyms.add(Arrays.toString(SAMPLE.anonymize(address))), Arrays.toString(address));
            }
        }
    }

    @Test
    void givesTheSameResultsFromSeveralThreadsAtOnce() throws Exception {
        Random random = new Random(7);
        List<byte[]> addresses = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            addresses.add(randomBytes(random, n % 2 == 0 ? 4 : 16));
        }
        List<byte[]> expected = new ArrayList<>();
        for (byte[] address : addresses) {
            expected.add(SAMPLE.anonymize(address));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < addresses.size(); i++) {
                        assertArrayEquals(expected.get(i), SAMPLE.anonymize(addresses.get(i)));
                        assertArrayEquals(addresses.get(i), SAMPLE.deanonymize(expected.get(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest(name = "a {0}-byte key is refused")
    @ValueSource(ints = {0, 1, 16, 31, 33, 64})
    void refusesKeysThatAreNot32BytesWithoutShowingThem(int length) {
        byte[] key = filled(length, 0x5a);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CryptoPan.of(key));
        assertEquals("a Crypto-PAn key is 32 bytes, not " + length, e.getMessage());
    }

    @Test
    void refusesAMissingKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CryptoPan.of(null));
        assertEquals("the Crypto-PAn key is missing", e.getMessage());
    }

    @ParameterizedTest(name = "a {0}-byte address is refused")
    @ValueSource(ints = {0, 1, 3, 5, 8, 15, 17, 32})
    void refusesAddressesThatAreNeither4Nor16Bytes(int length) {
        byte[] address = new byte[length];
        String expected = "an address is 4 (IPv4) or 16 (IPv6) bytes, not " + length;
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> SAMPLE.anonymize(address)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> SAMPLE.deanonymize(address)).getMessage());
    }

    @Test
    void refusesAMissingAddress() {
        assertEquals("the address is missing",
                assertThrows(IllegalArgumentException.class, () -> SAMPLE.anonymize(null)).getMessage());
        assertEquals("the address is missing",
                assertThrows(IllegalArgumentException.class, () -> SAMPLE.deanonymize(null)).getMessage());
    }

    // ---------------------------------------------------------------- helpers

    /** Lines of "raw<TAB>sanitised" after a comment line saying where they come from. */
    private static List<String[]> referenceSample() throws IOException {
        List<String[]> pairs = new ArrayList<>();
        try (InputStream in = CryptoPanTest.class.getResourceAsStream("/cryptopan/reference-sample.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    pairs.add(line.split("\t"));
                }
            }
        }
        return pairs;
    }

    /** Only literals: Canonical has already vetted these forms, so no DNS lookup can happen. */
    private static byte[] literal(String ip) throws IOException {
        String canonical = Canonical.ip(ip).orElseThrow(() -> new IOException("not an IP literal: " + ip));
        return InetAddress.getByName(canonical).getAddress();
    }

    private static byte[] randomKey(long seed) {
        return randomBytes(new Random(seed ^ 0x5eed), CryptoPan.KEY_LENGTH);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
