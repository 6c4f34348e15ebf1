package io.loginetl.tools;

import io.loginetl.observability.PipelineMetrics;
import io.loginetl.observability.Progress;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark reads login-etl's summary line: what one writes, the other must read. */
class BenchmarkSummaryTest {

    @Test
    void theBenchmarkReadsTheSummaryLineLoginEtlWrites() {
        String line = Progress.summary(new PipelineMetrics.Snapshot(1000, 990, 3, 5, 2, 205), 2.0);
        Matcher summary = Benchmark.APP_SUMMARY.matcher(line);
        assertTrue(summary.find(), line);
        assertEquals("1000", summary.group(1), "received");
        assertEquals("990", summary.group(2), "inserted");
        assertEquals("3", summary.group(3), "duplicates");
        assertEquals("5", summary.group(4), "rejected");
        assertEquals("205", summary.group(5), "SQS requests");
    }
}
