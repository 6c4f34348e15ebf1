package io.loginetl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `camel run` downloads what camel.jbang.dependencies names, `java -jar` runs what the pom declares: both must be
 * the same libraries at the same versions, and Camel at the version the pom builds with.
 */
class DependencyVersionsTest {

    private static final Pattern COORDINATE = Pattern.compile("([\\w.-]+):([\\w.-]+):([\\w.-]+)");

    @Test
    void camelRunDownloadsTheVersionsThePomDeclares() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Properties settings = new Properties();
        settings.load(new StringReader(Files.readString(Path.of("application.properties"))));
        String dependencies = settings.getProperty("camel.jbang.dependencies");
        int libraries = 0;
        for (String dependency : dependencies.split(",")) {
            Matcher coordinate = COORDINATE.matcher(dependency.strip());
            if (!coordinate.matches()) {
                assertTrue(dependency.strip().startsWith("camel:"), "a Camel component or group:artifact:version: " + dependency);
                continue;
            }
            libraries++;
            String artifact = coordinate.group(2);
            assertEquals(coordinate.group(3), versionInPom(pom, coordinate.group(1), artifact), artifact + " in the pom and for camel run");
        }
        assertTrue(libraries >= 3, "Tink, the PostgreSQL driver and dbcp2 are named: " + dependencies);
        assertEquals(settings.getProperty("camel.jbang.camel-version"), property(pom, "camel.version"), "Camel itself");
    }

    /** The version the pom gives a dependency, its ${property} resolved. */
    private static String versionInPom(String pom, String group, String artifact) {
        Matcher declared = Pattern.compile("<groupId>" + Pattern.quote(group) + "</groupId><artifactId>" + Pattern.quote(artifact)
                + "</artifactId><version>([^<]+)</version>").matcher(pom);
        assertTrue(declared.find(), group + ":" + artifact + " is declared in the pom with its version");
        String version = declared.group(1);
        return version.startsWith("${") ? property(pom, version.substring(2, version.length() - 1)) : version;
    }

    private static String property(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertTrue(value.find(), "the pom sets " + name);
        return value.group(1).strip();
    }
}
