package io.loginetl.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** login-etl started from the real jar as a separate JVM, the way users run it. */
public final class AppProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "login-etl.jar");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private AppProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::pump, "app-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar in {@code workDir} with the given settings as -D properties, and extra arguments. */
    public static AppProcess start(Path workDir, Map<String, String> settings, String... args) throws IOException {
        return start(workDir, settings, Map.of(), args);
    }

    /** As above, with extra environment variables (LOG_LEVEL, say). */
    public static AppProcess start(Path workDir, Map<String, String> settings, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().remove("MASK_KEY");
        builder.environment().putAll(env);
        return new AppProcess(builder.start());
    }

    /** Any other command line, its standard error merged into its output (Camel JBang's engine, say). */
    public static AppProcess start(ProcessBuilder builder) throws IOException {
        return new AppProcess(builder.redirectErrorStream(true).start());
    }

    public static AppProcess start(Map<String, String> settings, String... args) throws IOException {
        return start(Path.of("").toAbsolutePath(), settings, args);
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a machine or container dies. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as docker stop and Kubernetes send. */
    public void terminate() {
        // Through the handle: Process.destroy() would also close our end of its stdout.
        process.toHandle().destroy();
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("login-etl did not exit within " + seconds + " s; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
