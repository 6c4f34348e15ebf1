package io.loginetl.tools;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkOptionsTest {

    private static final Path JAR = Path.of("target", "login-etl.jar");

    @Test
    void withoutOptionsTheRawLimitIsTheBestOfEightAndSixteenThreadsAfterTwoWarmUpPasses() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[0], JAR);
        assertEquals(100_000, o.messages());
        assertEquals(4, o.receivers());
        assertEquals(List.of(8, 16), o.rawThreads());
        assertEquals(2, o.warmUps());
        assertEquals(List.of(1), o.instances());
        assertEquals(0, o.sqsLatencyMs());
        assertFalse(o.skipRaw());
        assertNull(o.jfr());
        assertEquals("profile", o.jfrSettings());
        assertEquals(JAR, o.jar());
        assertEquals(0, o.clientWarmUp());
    }

    @Test
    void clientWarmUpMeasuresBothClientsAfterTheyDrainedThatManyMessages() {
        assertEquals(50_000, BenchmarkOptions.parse(new String[] {"--client-warm-up", "50,000"}, JAR).clientWarmUp());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(new String[] {"--client-warm-up", "-1"}, JAR));
    }

    @Test
    void helpIsAskedForInsteadOfARunAndNamesEveryOption() {
        assertNull(BenchmarkOptions.parse(new String[] {"--messages", "10", "--help"}, JAR));
        assertNull(BenchmarkOptions.parse(new String[] {"-h"}, JAR));
        for (String option : List.of("--messages", "--receivers", "--raw-threads", "--warm-ups", "--no-warm-up",
                "--client-warm-up", "--sqs-latency-ms", "--instances", "--heap", "--jvm-options", "--bad-share", "--skip-raw", "--jfr", "--jfr-settings", "--jar",
                "--db-host")) {
            assertTrue(BenchmarkOptions.USAGE.contains(option + " "), option);
            if (!option.equals("--no-warm-up") && !option.equals("--skip-raw")) {
                assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(new String[] {option}, JAR),
                        option + " is known and takes a value");
            }
        }
    }

    @Test
    void jvmOptionsAreSplitOnSpacesForBothClients() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                BenchmarkOptions.parse(new String[] {"--jvm-options", " -XX:TieredStopAtLevel=1  -XX:+UseSerialGC"}, JAR).jvmOptions());
        assertEquals(List.of(), BenchmarkOptions.parse(new String[0], JAR).jvmOptions());
    }

    @Test
    void behindALatencyTheRawClientGetsAsManyThreadsAsLoginEtlHasReceivers() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[] {"--sqs-latency-ms", "10", "--receivers", "6"}, JAR);
        assertEquals(10, o.sqsLatencyMs());
        assertEquals(List.of(6), o.rawThreads());
        assertEquals(List.of(16), BenchmarkOptions.parse(new String[] {"--sqs-latency-ms", "10", "--raw-threads", "16"}, JAR).rawThreads());
    }

    @Test
    void listsFlagsAndPathsAreRead() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[] {"--raw-threads", "4,8,16", "--instances", "1,2", "--skip-raw",
            "--no-warm-up", "--messages", "20_000", "--jfr", "/tmp/app.jfr", "--jfr-settings", "/tmp/fine.jfc", "--jar", "x.jar", "--bad-share", "0.01"}, JAR);
        assertEquals(List.of(4, 8, 16), o.rawThreads());
        assertEquals(List.of(1, 2), o.instances());
        assertTrue(o.skipRaw());
        assertEquals(0, o.warmUps());
        assertEquals(3, BenchmarkOptions.parse(new String[] {"--warm-ups", "3"}, JAR).warmUps());
        assertEquals(20_000, o.messages());
        assertEquals(Path.of("/tmp/app.jfr"), o.jfr());
        assertEquals("/tmp/fine.jfc", o.jfrSettings());
        assertEquals(Path.of("x.jar"), o.jar());
        assertEquals(0.01, o.badShare());
    }

    @Test
    void aMistypedOptionFailsNamingItInsteadOfBeingIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse(new String[] {"--sqs-latency", "10"}, JAR));
        assertTrue(e.getMessage().contains("--sqs-latency"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(new String[] {"--messages"}, JAR))
                .getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(new String[] {"--raw-threads", "8,0"}, JAR))
                .getMessage().contains("at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(new String[] {"--sqs-latency-ms", "-5"}, JAR))
                .getMessage().contains("negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(new String[] {"--bad-share", "5"}, JAR))
                .getMessage().contains("between 0 and 1"));
    }
}
