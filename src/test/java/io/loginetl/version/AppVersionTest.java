package io.loginetl.version;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppVersionTest {

    private static final long POSTGRES_INTEGER_MAX = 2_147_483_647L;

    /** Every distinct app_version spelling in the take-home sample (events without one are skipped). */
    static List<String> sampleVersions() throws IOException {
        try (InputStream in = AppVersionTest.class.getResourceAsStream("/sample_data.json")) {
            List<Map<String, Object>> events = new ObjectMapper().readValue(in, new TypeReference<>() {
            });
            TreeSet<String> versions = new TreeSet<>();
            for (Map<String, Object> event : events) {
                if (event.get("app_version") != null) {
                    versions.add((String) event.get("app_version"));
                }
            }
            return new ArrayList<>(versions);
        }
    }

    /** The expected encoding, computed without AppVersion: split on '.', missing parts are 0. */
    private static long expected(String version) {
        String[] parts = version.split("\\.", -1);
        long major = Long.parseLong(parts[0]);
        long minor = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        long patch = parts.length > 2 ? Long.parseLong(parts[2]) : 0;
        return major * 1_000_000 + minor * 1_000 + patch;
    }

    private static long[] triple(String version) {
        String[] parts = version.split("\\.", -1);
        long[] t = new long[3];
        for (int i = 0; i < parts.length; i++) {
            t[i] = Long.parseLong(parts[i]);
        }
        return t;
    }

    @Test
    void sampleHasTheVersionFormsTheTableIsAbout() throws IOException {
        List<String> versions = sampleVersions();
        assertTrue(versions.size() > 50, "the sample has many distinct versions: " + versions.size());
        assertTrue(versions.stream().anyMatch(v -> v.split("\\.").length == 2), "two-part versions present");
        assertTrue(versions.stream().anyMatch(v -> v.split("\\.").length == 3), "three-part versions present");
        assertTrue(versions.containsAll(List.of("2.0", "2.00", "2.3", "2.3.0", "2.20", "2.29")));
    }

    @ParameterizedTest(name = "sample app_version \"{0}\"")
    @MethodSource("sampleVersions")
    void everySampleVersionEncodesAsMajorMillionsPlusMinorThousandsPlusPatch(String version) {
        assertEquals(expected(version), AppVersion.parse(version));
    }

    @ParameterizedTest(name = "sample app_version \"{0}\"")
    @MethodSource("sampleVersions")
    void everySampleVersionFitsAPostgresInteger(String version) {
        long encoded = AppVersion.parse(version);
        assertTrue(encoded >= 0 && encoded <= POSTGRES_INTEGER_MAX, version + " → " + encoded);
    }

    @Test
    void sampleVersionsOrderTheSameAsTheirEncodings() throws IOException {
        List<String> byParts = new ArrayList<>(sampleVersions());
        byParts.sort(Comparator.<String>comparingLong(v -> triple(v)[0])
                .thenComparingLong(v -> triple(v)[1])
                .thenComparingLong(v -> triple(v)[2]));
        for (int i = 1; i < byParts.size(); i++) {
            String lower = byParts.get(i - 1);
            String higher = byParts.get(i);
            boolean sameVersion = java.util.Arrays.equals(triple(lower), triple(higher));
            if (sameVersion) {
                assertEquals(AppVersion.parse(lower), AppVersion.parse(higher), lower + " = " + higher);
            } else {
                assertTrue(AppVersion.parse(lower) < AppVersion.parse(higher), lower + " < " + higher);
            }
        }
    }

    @Test
    void twoPartAndThreePartVersionsNeverCollide() {
        assertNotEquals(AppVersion.parse("2.3.0"), AppVersion.parse("2.30"));
        assertEquals(2_003_000, AppVersion.parse("2.3.0"));
        assertEquals(2_030_000, AppVersion.parse("2.30"));
        assertNotEquals(AppVersion.parse("2.2.9"), AppVersion.parse("2.29"));
        assertNotEquals(AppVersion.parse("1.1.1"), AppVersion.parse("1.11"));
        assertNotEquals(AppVersion.parse("1.1.1"), AppVersion.parse("11.1"));
    }

    @Test
    void trailingZeroPartsAndPaddedZerosNameTheSameVersion() {
        int v = AppVersion.parse("2.0");
        assertEquals(2_000_000, v);
        assertEquals(v, AppVersion.parse("2.00"));
        assertEquals(v, AppVersion.parse("2.0.0"));
        assertEquals(v, AppVersion.parse("2"));
        assertEquals(v, AppVersion.parse("2.000.000"));
        assertEquals(AppVersion.parse("2.3"), AppVersion.parse("2.3.0"));
    }

    @Test
    void orderIsPreservedAcrossASortedListOfVersions() {
        List<String> sorted = List.of(
                "0", "0.0.1", "0.0.999", "0.1", "0.1.1", "0.9", "0.10", "0.10.1", "0.99", "0.100", "0.999.999",
                "1", "1.0.1", "1.1", "1.2", "1.10", "1.11", "2.2.9", "2.3", "2.3.1", "2.29", "2.30",
                "9.999.999", "10", "99.1", "100", "999.999.999", "1000", "2146.999.999");
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(AppVersion.parse(sorted.get(i - 1)) < AppVersion.parse(sorted.get(i)),
                    sorted.get(i - 1) + " < " + sorted.get(i));
        }
    }

    @Test
    void majorUpTo2146IsAcceptedAndFitsAPostgresInteger() {
        assertEquals(2146, AppVersion.MAX_MAJOR);
        assertEquals(2_146_000_000, AppVersion.parse("2146"));
        int largest = AppVersion.parse("2146.999.999");
        assertEquals(2_146_999_999, largest);
        assertTrue(largest <= POSTGRES_INTEGER_MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147", "2147.0", "2147.0.0", "2148.483.647", "9999.999.999"})
    void majorAbove2146IsRejected(String version) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppVersion.parse(version));
        assertTrue(e.getMessage().contains("2146"), e.getMessage());
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"", "two", "1.", ".1", "1..2", "1.2.3.4", "1.1000", "-1.0", " 1.0", "1.0 ",
            "1.0.1000", "10000", "1.-1", "+1.0", "1,0", "1.0\n", "v1.0", "1.0-beta", "1.0.0.", "٣.٤", "１.０", "0x1.0"})
    void malformedVersionsAreRejectedWithoutEchoingTheText(String version) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppVersion.parse(version));
        assertNotEquals(null, e.getMessage());
        if (!version.isBlank() && version.length() > 1) {
            assertFalse(e.getMessage().contains(version), "message echoes the value: " + e.getMessage());
        }
    }

    @Test
    void nullIsRejectedAsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppVersion.parse(null));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void distinctTriplesNeverCollideOnAGrid() {
        // Exhaustive over every minor and patch 0..999 for a handful of majors, including the extremes.
        int[] majors = {0, 1, 999, 2146};
        Map<Integer, String> seen = new HashMap<>();
        for (int major : majors) {
            for (int minor = 0; minor <= 999; minor++) {
                for (int patch = 0; patch <= 999; patch += (minor % 7 == 0 ? 1 : 37)) {
                    String text = major + "." + minor + "." + patch;
                    String previous = seen.put(AppVersion.parse(text), text);
                    assertNull(previous, () -> text + " collides with " + previous);
                }
            }
        }
    }

    @Test
    void randomDistinctTriplesNeverCollideAndKeepTheirOrder() {
        SplittableRandom random = new SplittableRandom(20240601L);
        for (int i = 0; i < 100_000; i++) {
            int[] a = {random.nextInt(AppVersion.MAX_MAJOR + 1), random.nextInt(1000), random.nextInt(1000)};
            int[] b = random.nextInt(4) == 0
                    ? new int[]{a[0], a[1], random.nextInt(1000)} // often differ in the patch only
                    : new int[]{random.nextInt(AppVersion.MAX_MAJOR + 1), random.nextInt(1000), random.nextInt(1000)};
            int ea = AppVersion.parse(a[0] + "." + a[1] + "." + a[2]);
            int eb = AppVersion.parse(b[0] + "." + b[1] + "." + b[2]);
            int byParts = java.util.Arrays.compare(a, b);
            assertEquals(Integer.signum(byParts), Integer.signum(Integer.compare(ea, eb)),
                    java.util.Arrays.toString(a) + " vs " + java.util.Arrays.toString(b));
        }
    }

    static Stream<Arguments> formatCases() {
        return Stream.of(
                Arguments.of(0, "0.0.0"),
                Arguments.of(2_003_000, "2.3.0"),
                Arguments.of(2_030_000, "2.30.0"),
                Arguments.of(1_002_003, "1.2.3"),
                Arguments.of(2_146_999_999, "2146.999.999"));
    }

    @ParameterizedTest
    @MethodSource("formatCases")
    void formatWritesTheCanonicalThreePartText(int encoded, String text) {
        assertEquals(text, AppVersion.format(encoded));
        assertEquals(encoded, AppVersion.parse(text));
    }

    @ParameterizedTest(name = "sample app_version \"{0}\"")
    @MethodSource("sampleVersions")
    void formatThenParseIsTheIdentityOnSampleVersions(String version) {
        int encoded = AppVersion.parse(version);
        assertEquals(encoded, AppVersion.parse(AppVersion.format(encoded)));
    }
}
