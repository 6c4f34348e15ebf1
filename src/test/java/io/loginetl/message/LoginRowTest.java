package io.loginetl.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginRowTest {

    private static String millis(String instant) {
        return Long.toString(Instant.parse(instant).toEpochMilli());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "1970-01-01T00:00:00Z,       1970-01-01",
            "2024-03-09T23:59:59.999Z,   2024-03-09",
            "2024-03-10T00:00:00Z,       2024-03-10",
            "2024-03-10T00:00:00.001Z,   2024-03-10",
            "2023-12-31T23:59:59.999Z,   2023-12-31",
            "2024-01-01T00:00:00Z,       2024-01-01",
            "2024-02-29T12:00:00Z,       2024-02-29",
            "2024-02-29T23:59:59.999Z,   2024-02-29",
            "2024-03-01T00:00:00Z,       2024-03-01",
    })
    void sentTimestampGivesItsUtcDate(String instant, LocalDate date) {
        assertEquals(date, LoginRow.createDate(millis(instant)));
    }

    @Test
    void theDateChangesExactlyAtUtcMidnightNotLocalMidnight() {
        long midnight = Instant.parse("2025-06-15T00:00:00Z").toEpochMilli();
        assertEquals(LocalDate.of(2025, 6, 14), LoginRow.createDate(Long.toString(midnight - 1)));
        assertEquals(LocalDate.of(2025, 6, 15), LoginRow.createDate(Long.toString(midnight)));
        // 23:30 in UTC-05:00 on the 14th is already the 15th in UTC.
        long lateEvening = Instant.parse("2025-06-15T04:30:00Z").toEpochMilli();
        assertEquals(LocalDate.of(2025, 6, 15), LoginRow.createDate(Long.toString(lateEvening)));
        // 00:30 in UTC+09:00 on the 15th is still the 14th in UTC.
        long earlyMorning = Instant.parse("2025-06-14T15:30:00Z").toEpochMilli();
        assertEquals(LocalDate.of(2025, 6, 14), LoginRow.createDate(Long.toString(earlyMorning)));
    }

    @Test
    void theSampleQueuesRealSentTimestampIsADate() {
        // SQS sends SentTimestamp as a decimal string of epoch milliseconds.
        assertEquals(LocalDate.of(2023, 11, 14), LoginRow.createDate("1700000000000"));
    }

    @Test
    void randomTimestampsAgreeWithJavaTime() {
        SplittableRandom random = new SplittableRandom(86_400_000L);
        long from = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            long sent = random.nextLong(from, to);
            LocalDate expected = Instant.ofEpochMilli(sent).atOffset(ZoneOffset.UTC).toLocalDate();
            assertEquals(expected, LoginRow.createDate(Long.toString(sent)), Long.toString(sent));
        }
    }

    @Test
    void withoutSentTimestampTheDateIsTodayInUtc() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        LocalDate date = LoginRow.createDate(null);
        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        assertTrue(!date.isBefore(before) && !date.isAfter(after), date.toString());
    }

    @Test
    void aNonNumericTimestampFails() {
        assertThrows(NumberFormatException.class, () -> LoginRow.createDate("yesterday"));
    }
}
