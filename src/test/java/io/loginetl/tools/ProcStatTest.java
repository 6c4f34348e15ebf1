package io.loginetl.tools;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatTest {

    @Test
    void userAndSystemTicksAreFields14And15EvenWhenTheNameHoldsSpacesAndParentheses() {
        String line = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 100 0 0 0 731 42 0 0 20 0 30 0 5000 0 0";
        assertEquals(new ProcStat.Sample("C2 CompilerThre", 773, 42), ProcStat.parse(line));
        String odd = "7 (a) b (c) R 1 7 7 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 1 0 0";
        assertEquals(new ProcStat.Sample("a) b (c", 15, 5), ProcStat.parse(odd));
    }

    @Test
    void kernelTicksAreTheSystemPartSpentInTheWindowByEveryThread() {
        Map<Long, ProcStat.Sample> before = Map.of(1L, new ProcStat.Sample("main", 100, 40), 2L, new ProcStat.Sample("worker", 10, 2));
        Map<Long, ProcStat.Sample> after = Map.of(1L, new ProcStat.Sample("main", 130, 45), 2L, new ProcStat.Sample("other", 7, 3),
                3L, new ProcStat.Sample("new", 4, 1));
        assertEquals(5 + 3 + 1, ProcStat.systemTicks(before, after), "5 more for main; a reused id and a new thread count whole");
    }

    @Test
    void threadsAreGroupedIntoCompilerGarbageCollectorAndTheRest() {
        assertEquals("jit", ProcStat.kind("C1 CompilerThre"));
        assertEquals("jit", ProcStat.kind("C2 CompilerThre"));
        assertEquals("gc", ProcStat.kind("GC Thread#1"));
        assertEquals("gc", ProcStat.kind("G1 Conc#0"));
        assertEquals("other", ProcStat.kind("Camel (login-etl) thread #3 - aws2-sqs://login-queue"));
    }

    @Test
    void aThreadStartedDuringTheWindowCountsWholeAndAReusedIdIsANewThread() {
        Map<Long, ProcStat.Sample> before = Map.of(1L, new ProcStat.Sample("main", 100), 2L, new ProcStat.Sample("C2 CompilerThre", 50),
                3L, new ProcStat.Sample("GC Thread#0", 10));
        Map<Long, ProcStat.Sample> after = Map.of(1L, new ProcStat.Sample("main", 130), 2L, new ProcStat.Sample("C2 CompilerThre", 80),
                3L, new ProcStat.Sample("worker", 7), 4L, new ProcStat.Sample("C1 CompilerThre", 5));
        assertEquals(Map.of("other", 37L, "jit", 35L), ProcStat.ticksByKind(before, after));
    }

    @Test
    void thisProcessHasCpuTimeAndPeakMemory() {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcStat.processTicks(pid) >= 0 || !System.getProperty("os.name").contains("Linux"));
        assertTrue(ProcStat.peakRssKb(pid) > 0 || !System.getProperty("os.name").contains("Linux"));
        assertEquals(-1, ProcStat.processTicks(Long.MAX_VALUE));
    }
}
