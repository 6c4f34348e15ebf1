package io.loginetl.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time from Linux's own accounting in /proc. A process's /proc/PID/stat sums user and system time over
 * all its threads, the exited ones included, so reading it twice while the process is alive gives exactly
 * the CPU it spent in between; /proc/PID/task/TID/stat gives the same per thread, named (C2 CompilerThre,
 * GC Thread#0, ...). Read only while alive: Java reaps a child the moment it exits.
 */
public final class ProcStat {

    /** Ticks per second of utime/stime: USER_HZ, 100 on every Linux the JDK supports. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** The thread or process name, its user+system ticks, and the system (kernel-mode) part of them, from one stat line. */
    record Sample(String name, long ticks, long systemTicks) {

        Sample(String name, long ticks) {
            this(name, ticks, 0);
        }

        /** What this thread spent since an earlier sample of its id: all of it if that id was then another thread, or none. */
        Sample since(Sample earlier) {
            return earlier != null && earlier.name().equals(name) ? new Sample(name, ticks - earlier.ticks, systemTicks - earlier.systemTicks) : this;
        }
    }

    /**
     * Parses a stat line. The name is in parentheses and may itself hold spaces and ')', so fields are
     * counted from the last ')': utime and stime are fields 14 and 15 of the line.
     */
    static Sample parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        String[] rest = line.substring(close + 2).trim().split(" +");
        // rest[0] is field 3 (state), so field n is rest[n - 3]
        long systemTicks = Long.parseLong(rest[12]);
        return new Sample(line.substring(open + 1, close), Long.parseLong(rest[11]) + systemTicks, systemTicks);
    }

    /** User+system ticks of a whole process; -1 when it is gone (or this is not Linux). */
    static long processTicks(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))).ticks();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Ticks per thread id, with the thread's name; empty when the process is gone. */
    static Map<Long, Sample> threadTicks(long pid) {
        Map<Long, Sample> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()), parse(Files.readString(task.resolve("stat"))));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return threads;
    }

    /** What kind of JVM thread a name is: "jit" (C1/C2 compiler), "gc" (G1/GC workers), else "other". */
    static String kind(String threadName) {
        if (threadName.contains("CompilerThre")) {
            return "jit";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }

    /** Ticks spent between two thread samples, by {@link #kind}; a thread that started in between counts whole. */
    static Map<String, Long> ticksByKind(Map<Long, Sample> before, Map<Long, Sample> after) {
        Map<String, Long> byKind = new HashMap<>();
        after.forEach((tid, sample) -> byKind.merge(kind(sample.name()), sample.since(before.get(tid)).ticks(), Long::sum));
        return byKind;
    }

    /** Kernel-mode ticks spent between two thread samples (a thread that started in between counts whole). */
    static long systemTicks(Map<Long, Sample> before, Map<Long, Sample> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue().since(before.get(e.getKey())).systemTicks()).sum();
    }

    /** VmHWM: the process's peak resident set, in kB (0 where it is gone or /proc is absent). */
    public static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux
        }
        return 0;
    }

    /** The 1-minute load average, as /proc/loadavg gives it ("?" where absent). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
