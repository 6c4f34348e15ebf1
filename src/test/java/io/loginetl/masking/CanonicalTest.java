package io.loginetl.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalTest {

    // ---------------------------------------------------------------- IPv4

    @ParameterizedTest(name = "IPv4 \"{0}\" is kept as is")
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "10.0.0.1", "127.0.0.1", "192.0.2.1", "199.172.111.135",
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "100.99.9.0", "249.250.251.252"})
    void ipv4LiteralsIncludingMulticastAndReservedAreAccepted(String ip) {
        assertEquals(Optional.of(ip), Canonical.ip(ip));
    }

    @ParameterizedTest(name = "IPv4 \"{0}\" is rejected")
    @ValueSource(strings = {"01.2.3.4", "1.02.3.4", "1.2.3.004", "00.0.0.0", "010.0.0.1",
            "256.1.1.1", "1.2.3.256", "300.1.2.3", "999.999.999.999",
            "1.2.3", "1.2", "1", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.-4", "+1.2.3.4",
            " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4/24", "0x7f.0.0.1", "0177.0.0.1", "2130706433",
            "١.٢.٣.٤", "１.２.３.４", "1.2.3.4:80"})
    void ambiguousOrMalformedIpv4IsRejected(String ip) {
        assertEquals(Optional.empty(), Canonical.ip(ip));
    }

    // ---------------------------------------------------------------- hostnames, never resolved

    @ParameterizedTest(name = "hostname \"{0}\" is rejected")
    @ValueSource(strings = {"localhost", "example.com", "a.b.c.d", "LOCALHOST", "ip6-localhost",
            "www.example.com.", "a", "ab.cd", "dead.beef", "cafe", "face.b00c", "localhost:80", "::1.example.com",
            ".::1", ".::", ".1:2", "..:", ".a:b", ".1.2.3:4"})
    void hostnamesAreRejected(String text) {
        assertEquals(Optional.empty(), Canonical.ip(text));
    }

    /** Names that, if Canonical ever handed them to a resolver, the probe's hosts file would answer. */
    private static final List<String> RESOLVABLE_NAMES = List.of(
            "localhost", "example.com", "a.b.c.d", "dead.beef", "cafe", "ab.cd",
            ".::1", ".::", ".1:2", "..:", ".a:b", ".1.2.3:4", ".ff::1", ".:1:2:3:4:5:6:7");

    /**
     * The name service of a child JVM is a hosts file mapping every name above to 10.9.8.7, so a
     * lookup shows up as that address instead of a silent failure on a machine without DNS.
     */
    @Test
    void hostnamesNeverReachTheResolver(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "10.9.8.7 " + String.join(" ", RESOLVABLE_NAMES) + "\n");
        String classpath = location(Canonical.class) + File.pathSeparator + location(CanonicalTest.class);
        Process probe = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", classpath, ResolverProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, probe.exitValue(), output);

        List<String> lines = output.lines().toList();
        assertTrue(lines.contains("control localhost 10.9.8.7"),
                "the probe's resolver answers from the hosts file: " + output);
        for (String name : RESOLVABLE_NAMES) {
            assertTrue(lines.contains("canonical " + name + " -> empty"),
                    "\"" + name + "\" must not be resolved; probe said:\n" + output);
        }
    }

    /** Runs in the child JVM: prints what Canonical makes of each name. */
    public static final class ResolverProbe {
        public static void main(String[] args) throws Exception {
            System.out.println("control localhost " + InetAddress.getByName("localhost").getHostAddress());
            for (String name : RESOLVABLE_NAMES) {
                System.out.println("canonical " + name + " -> " + Canonical.ip(name).orElse("empty"));
            }
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    // ---------------------------------------------------------------- IPv6, RFC 5952

    @ParameterizedTest(name = "\"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "2001:DB8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
            "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
            "2001:db8::1 | 2001:db8::1",
            "::ffff:192.0.2.1 | 192.0.2.1",
            "::FFFF:192.0.2.1 | 192.0.2.1",
            "0:0:0:0:0:ffff:c000:0201 | 192.0.2.1",
            "::1 | ::1",
            "0:0:0:0:0:0:0:1 | ::1",
            ":: | ::",
            "0:0:0:0:0:0:0:0 | ::",
            "0000:0000:0000:0000:0000:0000:0000:0000 | ::",
            "1:: | 1::",
            "1:0:0:0:0:0:0:0 | 1::",
            "fe80:0:0:0:0:0:0:1 | fe80::1",
            "FE80::0001 | fe80::1",
            // the longest run of zero groups is compressed
            "2001:db8:0:0:0:1:0:0 | 2001:db8::1:0:0",
            "2001:0:0:1:0:0:0:1 | 2001:0:0:1::1",
            // on a tie, the first run is compressed
            "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
            "1:0:0:2:0:0:3:4 | 1::2:0:0:3:4",
            "0:0:1:0:0:1:0:0 | ::1:0:0:1:0:0",
            // a single zero group is never compressed
            "2001:db8:0:1:1:1:1:1 | 2001:db8:0:1:1:1:1:1",
            "2001:db8::1:1:1:1:1 | 2001:db8:0:1:1:1:1:1",
            "0:1:2:3:4:5:6:7 | 0:1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:0 | 1:2:3:4:5:6:7:0",
            "1:2:3:4:5:6:7:: | 1:2:3:4:5:6:7:0",
            "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789 | abcd:ef01:2345:6789:abcd:ef01:2345:6789",
            "2001:DB8:00A0:000B:0C00:D000:0:0 | 2001:db8:a0:b:c00:d000::",
            // IPv4-compatible (deprecated) stays IPv6, written in hex
            "::192.0.2.1 | ::c000:201",
            "64:ff9b::192.0.2.33 | 64:ff9b::c000:221",
            "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void ipv6IsWrittenPerRfc5952(String text, String canonical) {
        assertEquals(Optional.of(canonical), Canonical.ip(text));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"fe80::1%eth0", "fe80::1%1", "fe80::1%25eth0", "[::1]", "[2001:db8::1]", "[::1]:80",
            ":::", "1:::2", "1::2::3", "2001:db8::g", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "::ffff:1.2.3.04", "::ffff:256.0.0.1", "::1.2.3", "::ffff:1.2.3.4.5", " ::1", "::1 ", "::1\n",
            ":", "1:", ":1", "1:2:3:4:5:6:7:8:", "::ffff:1.2.3.4:1", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555"})
    void zoneIdsBracketsAndMalformedIpv6AreRejected(String text) {
        assertEquals(Optional.empty(), Canonical.ip(text));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "-", "ip"})
    void nullAndEmptyAreNotIps(String text) {
        assertEquals(Optional.empty(), Canonical.ip(text));
    }

    @Test
    void rfc5952WorksOnRawBytes() {
        byte[] bytes = new byte[16];
        assertEquals("::", Canonical.rfc5952(bytes));
        bytes[15] = 1;
        assertEquals("::1", Canonical.rfc5952(bytes));
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        assertEquals("2001::1", Canonical.rfc5952(bytes));
    }

    // ---------------------------------------------------------------- IPv6 properties

    /** 16 random bytes, with whole zero groups common enough to exercise the "::" rules. */
    private static byte[] randomIpv6(SplittableRandom random) {
        byte[] bytes = new byte[16];
        int zeroBias = random.nextInt(4); // 0: no extra zeros … 3: mostly zeros
        for (int g = 0; g < 8; g++) {
            if (random.nextInt(4) < zeroBias) {
                continue;
            }
            int value = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x10);     // one hex digit
                case 1 -> random.nextInt(0x100);    // up to two
                case 2 -> random.nextInt(0x1000);   // up to three
                default -> random.nextInt(0x10000); // up to four
            };
            bytes[2 * g] = (byte) (value >>> 8);
            bytes[2 * g + 1] = (byte) value;
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String fullUpperCase(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g > 0) {
                out.append(':');
            }
            out.append(String.format(Locale.ROOT, "%04X", ((bytes[2 * g] & 0xff) << 8) | (bytes[2 * g + 1] & 0xff)));
        }
        return out.toString();
    }

    @Test
    void everySpellingOfARandomAddressHasOneCanonicalFormThatRoundTrips() throws Exception {
        SplittableRandom random = new SplittableRandom(5952L);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = randomIpv6(random);
            if (isIpv4Mapped(bytes)) {
                continue;
            }
            String canonical = Canonical.rfc5952(bytes);
            String javaForm = InetAddress.getByAddress(bytes).getHostAddress();
            for (String spelling : List.of(fullUpperCase(bytes), javaForm, canonical, canonical.toUpperCase(Locale.ROOT))) {
                assertEquals(Optional.of(canonical), Canonical.ip(spelling), spelling);
            }
            assertRfc5952Shape(canonical, bytes);
            InetAddress back = InetAddress.getByName(canonical);
            assertInstanceOf(Inet6Address.class, back, canonical);
            assertArrayEquals(bytes, back.getAddress(), canonical);
        }
    }

    @Test
    void randomIpv4MappedAddressesBecomePlainIpv4() throws Exception {
        SplittableRandom random = new SplittableRandom(4L);
        for (int i = 0; i < 2_000; i++) {
            byte[] v4 = new byte[4];
            for (int b = 0; b < 4; b++) {
                v4[b] = (byte) random.nextInt(256);
            }
            String dotted = InetAddress.getByAddress(v4).getHostAddress();
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            assertEquals(Optional.of(dotted), Canonical.ip("::ffff:" + dotted));
            assertEquals(Optional.of(dotted), Canonical.ip(fullUpperCase(mapped)));
            assertEquals(Optional.of(dotted), Canonical.ip(dotted));
            InetAddress back = InetAddress.getByName(dotted);
            assertInstanceOf(Inet4Address.class, back);
            assertArrayEquals(v4, back.getAddress());
        }
    }

    @Test
    void distinctRandomAddressesHaveDistinctCanonicalForms() {
        SplittableRandom random = new SplittableRandom(42L);
        Map<String, byte[]> seen = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = randomIpv6(random);
            String canonical = Canonical.ip(fullUpperCase(bytes)).orElseThrow();
            byte[] previous = seen.putIfAbsent(canonical, bytes);
            if (previous != null) {
                assertArrayEquals(previous, bytes, "two different addresses share " + canonical);
            }
        }
        assertTrue(seen.size() > 15_000, "the generator produces mostly distinct addresses: " + seen.size());
    }

    /**
     * Checks the RFC 5952 rules on the text itself: lower case, no leading zeros, at most one "::",
     * which stands for at least two zero groups, for the longest run, and for the first of equal runs.
     */
    private static void assertRfc5952Shape(String canonical, byte[] bytes) {
        assertEquals(canonical.toLowerCase(Locale.ROOT), canonical);
        int doubleColon = canonical.indexOf("::");
        assertEquals(doubleColon, canonical.lastIndexOf("::"), "at most one '::' in " + canonical);
        assertFalse(canonical.contains(":::"), canonical);

        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        if (doubleColon < 0) {
            left.addAll(Arrays.asList(canonical.split(":", -1)));
            assertEquals(8, left.size(), canonical);
        } else {
            String head = canonical.substring(0, doubleColon);
            String tail = canonical.substring(doubleColon + 2);
            if (!head.isEmpty()) {
                left.addAll(Arrays.asList(head.split(":", -1)));
            }
            if (!tail.isEmpty()) {
                right.addAll(Arrays.asList(tail.split(":", -1)));
            }
        }
        for (String group : concat(left, right)) {
            assertTrue(group.matches("0|[1-9a-f][0-9a-f]{0,3}"), "group '" + group + "' in " + canonical);
        }
        // Expand back and compare with the bytes.
        int compressed = 8 - left.size() - right.size();
        int[] groups = new int[8];
        for (int g = 0; g < left.size(); g++) {
            groups[g] = Integer.parseInt(left.get(g), 16);
        }
        for (int g = 0; g < right.size(); g++) {
            groups[8 - right.size() + g] = Integer.parseInt(right.get(g), 16);
        }
        for (int g = 0; g < 8; g++) {
            assertEquals(((bytes[2 * g] & 0xff) << 8) | (bytes[2 * g + 1] & 0xff), groups[g], canonical);
        }
        int longestRun = 0;
        int firstLongestStart = -1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int end = g;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - g > longestRun) {
                longestRun = end - g;
                firstLongestStart = g;
            }
            g = end;
        }
        if (doubleColon < 0) {
            assertTrue(longestRun <= 1, "a run of " + longestRun + " zero groups left uncompressed in " + canonical);
        } else {
            assertTrue(compressed >= 2, "'::' stands for a single group in " + canonical);
            assertEquals(longestRun, compressed, "'::' is not the longest run in " + canonical);
            assertEquals(firstLongestStart, left.size(), "'::' is not the first longest run in " + canonical);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---------------------------------------------------------------- device_id

    @ParameterizedTest(name = "\"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "593-47-5928|593-47-5928",
            "  593-47-5928  |593-47-5928",
            "\\t593-47-5928\\n|593-47-5928",
            "a b|a b",
            " a  b |a  b",
    })
    void deviceIdIsTrimmedButOtherwiseKept(String text, String canonical) {
        assertEquals(canonical, Canonical.deviceId(unescape(text)));
    }

    @Test
    void deviceIdTrimsUnicodeWhitespaceAndKeepsNull() {
        assertEquals("abc", Canonical.deviceId("\u2003abc\u3000"));
        assertEquals("", Canonical.deviceId("   "));
        assertEquals("ÄÖü-ß", Canonical.deviceId(" ÄÖü-ß "));
        assertNull(Canonical.deviceId(null));
    }

    private static String unescape(String csv) {
        return csv.replace("\\t", "\t").replace("\\n", "\n");
    }

    @Test
    void theWrittenOutIpv4CheckAcceptsExactlyTheDottedDecimalGrammar() {
        Pattern grammar = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
        SplittableRandom random = new SplittableRandom(4);
        String alphabet = "0123456789..1259x٣";
        for (int n = 0; n < 300_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(1, 17); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(grammar.matcher(text).matches(), Canonical.isIpv4(text.toString()), text.toString());
        }
        for (int part = 0; part < 1000; part++) {
            for (String text : List.of(part + ".1.1.1", "1." + part + ".1.1", "1.1.1." + part, "0" + part + ".1.1.1")) {
                assertEquals(grammar.matcher(text).matches(), Canonical.isIpv4(text), text);
            }
        }
    }
}
