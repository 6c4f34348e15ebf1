package io.loginetl.support;

import io.loginetl.tools.ChildProcess;

import java.io.IOException;
import java.util.Map;

/** A command other than a JVM (a shell script, the docker or aws CLI) run to its end in the project directory. */
public final class ShellCommand {

    /** Its exit code (-1: it could not be started, or did not end in time) and its output, standard error merged in. */
    public record Result(int exitCode, String output) {
    }

    private ShellCommand() {
    }

    public static Result run(Map<String, String> env, String... command) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.BASEDIR.toFile());
        builder.environment().remove("MASK_KEY");
        builder.environment().putAll(env);
        try (ChildProcess process = ChildProcess.start(command[0], builder)) {
            process.closeInput();
            if (!process.waitFor(120)) {
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), process.output());
        } catch (IOException e) {
            return new Result(-1, e.getClass().getSimpleName() + " starting " + command[0]); // no such command
        }
    }
}
