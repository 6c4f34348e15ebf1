package io.loginetl.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A `camel run` command of the README, run the way Camel JBang runs it: Camel's KameletMain with downloads on, in a
 * JVM of its own whose class path is camel-kamelet-main and its dependencies only (target/camel-run.classpath,
 * resolved by the build from src/test/camel-run/pom.xml), through src/test/jbang/CamelRun.java, which maps the
 * command's files to KameletMain as JBang's run command does. Camel JBang itself is not served here.
 */
public final class CamelRunCommand {

    private static final Path ENGINE_CLASSPATH = ProjectFiles.BASEDIR.resolve("target/camel-run.classpath");
    private static final Path LAUNCHER = ProjectFiles.BASEDIR.resolve("src/test/jbang/CamelRun.java");

    private CamelRunCommand() {
    }

    /** The fenced sh block under the README heading {@code ### TITLE}. */
    public static String readmeBlock(String title) throws IOException {
        String readme = Files.readString(ProjectFiles.BASEDIR.resolve("README.md"));
        int section = readme.indexOf("\n### " + title + "\n");
        assertTrue(section >= 0, "the README has a '" + title + "' section");
        int nextSection = readme.indexOf("\n#", section + 1);
        int open = readme.indexOf("\n```sh\n", section);
        assertTrue(open > 0 && (nextSection < 0 || open < nextSection), "a sh block in the '" + title + "' section");
        int close = readme.indexOf("\n```", open + 1 + "```sh".length());
        return readme.substring(open + "\n```sh\n".length(), close);
    }

    /**
     * What `camel` receives when bash runs the block in dir, `camel` being a function that prints its arguments; the
     * block's own `cd` moves the directory the command runs in, returned first.
     */
    public static Invocation expand(String block, Path dir) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "set -eu\ncamel() { pwd; printf '%s\\0' \"$@\"; }\n" + block)
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.waitFor(), "the README's block runs in bash:\n" + block);
        int newline = out.indexOf('\n');
        assertTrue(newline > 0, "the README's block calls `camel`:\n" + block);
        List<String> args = Arrays.stream(out.substring(newline + 1).split("\0")).filter(a -> !a.isEmpty()).toList();
        assertFalse(args.isEmpty(), "the README's block calls `camel` with arguments:\n" + block);
        assertEquals("run", args.get(0), "the README's command is `camel run ...`: " + args);
        return new Invocation(Path.of(out.substring(0, newline)), args.subList(1, args.size()));
    }

    /** `camel run FILES` in dir: KameletMain's JVM, to which the caller adds its environment. */
    public static ProcessBuilder camelRun(Invocation invocation, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-XX:TieredStopAtLevel=1")); // as AppProcess.java: C1 only, for a JVM that lives seconds
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", engineClasspath(), LAUNCHER.toString()));
        command.addAll(invocation.files());
        return new ProcessBuilder(command).directory(invocation.dir().toFile());
    }

    /** camel-kamelet-main and its dependencies, and none of the project's classes or libraries. */
    private static String engineClasspath() throws IOException {
        assertTrue(Files.exists(ENGINE_CLASSPATH), ENGINE_CLASSPATH + " is written by `mvn verify` (pre-integration-test)");
        String classpath = Files.readString(ENGINE_CLASSPATH).strip();
        List<String> jars = Arrays.stream(classpath.split(File.pathSeparator)).map(p -> Path.of(p).getFileName().toString()).toList();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("camel-kamelet-main-")), jars.toString());
        for (String ours : List.of("tink-", "postgresql-", "commons-dbcp2-", "sqs-", "camel-aws2-sqs-", "camel-sql-",
                "micrometer-registry-prometheus-", "camel-java-joor-dsl-", "login-etl")) {
            assertFalse(jars.stream().anyMatch(j -> j.startsWith(ours)), "the engine's class path has " + ours + "*");
        }
        assertTrue(jars.stream().allMatch(j -> j.endsWith(".jar")), "only jars, no class directories: " + jars);
        return classpath;
    }

    /** The directory `camel run` runs in and the files it is given. */
    public record Invocation(Path dir, List<String> files) {
    }
}
