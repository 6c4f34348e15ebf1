package io.loginetl.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process started from here, usually a JVM, whose output (standard error merged in) is kept as it comes: the
 * benchmark's clients and SQS server, and the processes the tests start. Its stdin stays open until
 * {@link #closeInput()}: some children stop when it closes.
 */
public final class ChildProcess implements AutoCloseable {

    /** Output kept beyond this is dropped: a long benchmark run must not fill the heap with its children's logs. */
    private static final int KEPT_CHARS = 2_000_000;

    private final String name;
    private final Process process;
    private final Thread reader;
    private final StringBuilder output = new StringBuilder();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::pump, "output-of-" + name + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The start of a command line that runs this JVM's own java with the given options. */
    public static List<String> java(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        return command;
    }

    /** Starts the builder's command, its standard error merged into its output; {@code name} labels it in messages. */
    public static ChildProcess start(String name, ProcessBuilder builder) throws IOException {
        return new ChildProcess(name, builder.redirectErrorStream(true).start());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The end of its output, for a message about what went wrong. */
    public String tail() {
        synchronized (output) {
            return output.substring(Math.max(0, output.length() - 3000));
        }
    }

    public boolean printed(String text) {
        synchronized (output) {
            return output.indexOf(text) >= 0;
        }
    }

    /**
     * The first line it printed that starts with {@code prefix}, waiting up to {@code seconds} for it; empty when
     * the process ended or the time ran out first.
     */
    public Optional<String> awaitLine(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            boolean ended = !reader.isAlive(); // read before the output: a line printed just before the end is seen
            Optional<String> line = output().lines().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent() || ended || System.nanoTime() > deadline) {
                return line;
            }
            Thread.sleep(20);
        }
    }

    /** Closes its standard input: a child that reads it to the end takes that as its cue to stop. */
    public void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** SIGTERM, as Ctrl-C, docker stop and Kubernetes send: a graceful stop. */
    public void terminate() {
        // Through the handle: Process.destroy() would also close our end of its output.
        process.toHandle().destroy();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a machine or container dies. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Whether it exited within {@code seconds}; if so, all its output has been read. */
    public boolean waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        reader.join(5000);
        return true;
    }

    /** Its exit code; it must have exited. */
    public int exitValue() {
        return process.exitValue();
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    if (output.length() < KEPT_CHARS) {
                        output.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Kills it if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
