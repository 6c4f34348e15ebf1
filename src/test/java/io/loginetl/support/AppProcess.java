package io.loginetl.support;

import io.loginetl.tools.ChildProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** login-etl started from the real jar as a separate JVM, the way users run it (on the tools' {@link ChildProcess}). */
public final class AppProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "login-etl.jar");
    /** The demo, the benchmark and the local SQS server, with the production jar's commands too. */
    public static final Path TOOLS_JAR = Path.of("target", "login-etl-tools.jar");

    private final ChildProcess child;

    /**
     * The java command for a JVM a test starts, with its options: a 256 MB heap and C1 only. These JVMs live for
     * seconds, in which C2's compiler threads cost more CPU than they save (on CI's two cores, about half of what
     * starting the jar costs); what the JVM runs, and how, is the same.
     */
    public static List<String> java(String... options) {
        List<String> command = ChildProcess.java("-Xmx256m", "-XX:TieredStopAtLevel=1");
        command.addAll(List.of(options));
        return command;
    }

    private AppProcess(ChildProcess child) {
        this.child = child;
    }

    /** Starts the jar in {@code workDir} with the given settings as -D properties, and extra arguments. */
    public static AppProcess start(Path workDir, Map<String, String> settings, String... args) throws IOException {
        return start(workDir, settings, Map.of(), args);
    }

    /** As above, with extra environment variables (LOG_LEVEL, say). */
    public static AppProcess start(Path workDir, Map<String, String> settings, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = java();
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().remove("MASK_KEY");
        builder.environment().putAll(env);
        return start(builder);
    }

    /** Any other command line, its standard error merged into its output (Camel JBang's engine, say). */
    public static AppProcess start(ProcessBuilder builder) throws IOException {
        return new AppProcess(ChildProcess.start("login-etl", builder));
    }

    public static AppProcess start(Map<String, String> settings, String... args) throws IOException {
        return start(Path.of("").toAbsolutePath(), settings, args);
    }

    public long pid() {
        return child.pid();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a machine or container dies. */
    public void kill9() throws InterruptedException {
        child.kill();
    }

    /** SIGTERM, as docker stop and Kubernetes send. */
    public void terminate() {
        child.terminate();
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!child.waitFor(seconds)) {
            throw new AssertionError("login-etl did not exit within " + seconds + " s; output:\n" + output());
        }
        return child.exitValue();
    }

    public boolean isAlive() {
        return child.isAlive();
    }

    public String output() {
        return child.output();
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
