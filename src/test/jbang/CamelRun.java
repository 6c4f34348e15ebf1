import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.main.KameletMain;
import org.apache.camel.util.FileUtil;
import org.apache.camel.xml.io.util.XmlStreamDetector;
import org.apache.camel.xml.io.util.XmlStreamInfo;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * {@code camel run FILE...} without the {@code camel} command: what Camel JBang 4.18 does with the files it
 * is given, in the working directory, on Camel's KameletMain (org.apache.camel:camel-kamelet-main), which is
 * the engine {@code camel run} starts. Camel JBang itself is not served here; KameletMain is.
 *
 * <p>This class runs in a JVM of its own whose class path is camel-kamelet-main and its dependencies, plus
 * this one class: it must use nothing but KameletMain and the JDK. The project's classes then come only from
 * compiling the {@code .java} files given, and its libraries only from KameletMain's downloads.
 *
 * <p>The mapping of files to KameletMain settings is the one of Camel JBang's run command,
 * {@code org.apache.camel.dsl.jbang.core.commands.Run} in camel-jbang-core ({@code run()},
 * {@code loadProfileProperties()}, {@code skipFile()}, {@code knownFile()}; read in Camel 4's source, as the
 * 4.18 jar is not served here), for a plain {@code camel run FILE...} with no options:
 * <ul>
 * <li>{@code application.properties} in the working directory (the default profile) is read first: its
 * {@code camel.jbang.dependencies} become the downloads, {@code camel.jbang.kameletsVersion} the Kamelets
 * version, {@code camel.jbang.camel-version} the Camel version JBang would switch to, and the file itself a
 * property location;</li>
 * <li>a {@code .properties} file given is a property location ({@code camel.component.properties.location});</li>
 * <li>a {@code .java} file, and a {@code .yaml}/{@code .xml} file that holds Camel routes, is a source
 * ({@code camel.main.routesIncludePattern}, as {@code file:PATH});</li>
 * <li>any other file goes on the class path ({@code camel.jbang.classpathFiles}), where
 * {@code src/main/resources/a/b} is found as {@code a/b};</li>
 * <li>hidden files, directories, files without an extension, README*, NOTICE.txt, LICENSE.txt, pom.xml,
 * build.gradle and compose files are skipped.</li>
 * </ul>
 */
public final class CamelRun {

    private static final String PROFILE = "application.properties";
    private static final List<String> SOURCE_EXTENSIONS = List.of("java", "groovy", "js", "jsh", "kts", "xml", "yaml");
    private static final List<String> XML_ROOTS = List.of("route", "routes", "routeTemplate", "routeTemplates",
            "templatedRoute", "templatedRoutes", "rest", "rests", "routeConfiguration", "beans", "blueprint", "camel");
    private static final List<String> YAML_ROUTE_MARKERS = List.of("- from:", "- route:", "- route-configuration:",
            "- rest:", "- beans:", "KameletBinding", "Pipe", "kind: Integration");

    private CamelRun() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args);
        } catch (Throwable failure) {
            // Printed here: Java's source-file launcher can fail to print some exceptions itself
            failure.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    static int run(String[] args) throws Exception {
        KameletMain main = new KameletMain("camel.jbang");
        main.setDownload(true);
        main.setAppName("Apache Camel (JBang)");

        Properties profile = new Properties();
        StringJoiner propertyLocations = new StringJoiner(",");
        File profileFile = new File(PROFILE);
        if (profileFile.exists()) {
            try (InputStream in = new FileInputStream(profileFile)) {
                profile.load(in);
            }
            propertyLocations.add("file:" + profileFile.getPath());
        }
        String camelVersion = profile.getProperty("camel.jbang.camel-version");
        String catalogVersion = new DefaultCamelCatalog().getCatalogVersion();
        if (camelVersion != null && !camelVersion.equals(catalogVersion)) {
            // JBang would start itself again at that version; this launcher has only its own
            System.err.println("camel run: camel.jbang.camel-version=" + camelVersion + " but KameletMain is " + catalogVersion);
            return 1;
        }

        initial(main, profile, "camel.main.sourceLocationEnabled", "true");
        initial(main, profile, "camel.main.modeline", "true");
        initial(main, profile, "camel.jbang.compileWorkDir", ".camel-jbang" + File.separator + "compile");
        initial(main, profile, "camel.jbang.backlogTracing", "true");
        initial(main, profile, "camel.jbang.camel-version", catalogVersion);
        initial(main, profile, "camel.jbang.kameletsVersion", null);

        String name = null;
        StringJoiner sources = new StringJoiner(",");
        StringJoiner classpathFiles = new StringJoiner(",");
        for (String file : new LinkedHashSet<>(Arrays.asList(args))) {
            if (skipFile(file)) {
                continue;
            }
            if (file.endsWith(".properties")) {
                propertyLocations.add(file.contains(":") ? file : "file:" + file);
            } else if (knownFile(file)) {
                if (!new File(file).isFile()) {
                    System.err.println("File does not exist: file:" + file);
                    return 1;
                }
                sources.add("file:" + file);
                if (name == null) {
                    name = FileUtil.onlyName(file); // JBang names the integration after its first source
                }
            } else {
                classpathFiles.add(file);
            }
        }
        initial(main, profile, "camel.main.name", name != null ? name : "CamelJBang");
        if (sources.length() > 0) {
            main.addInitialProperty("camel.main.routesIncludePattern", sources.toString());
        }
        if (classpathFiles.length() > 0) {
            main.addInitialProperty("camel.jbang.classpathFiles", classpathFiles.toString());
        }
        if (propertyLocations.length() > 0) {
            main.addInitialProperty("camel.component.properties.location", propertyLocations.toString());
        }
        String dependencies = profile.getProperty("camel.jbang.dependencies", "").strip();
        if (!dependencies.isEmpty()) {
            main.addInitialProperty("camel.jbang.dependencies", dependencies);
        }

        main.start();
        main.run();
        return main.getExitCode();
    }

    /** JBang's writeSetting: a value in application.properties wins over the command's own. */
    private static void initial(KameletMain main, Properties profile, String key, String value) {
        String v = profile.getProperty(key, value);
        if (v != null) {
            main.addInitialProperty(key, v);
        }
    }

    private static boolean skipFile(String file) {
        String name = FileUtil.stripPath(file);
        return name.startsWith(".") || name.equalsIgnoreCase("pom.xml") || name.equalsIgnoreCase("build.gradle")
                || List.of("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml").contains(name)
                || List.of("NOTICE.txt", "LICENSE.txt").contains(name)
                || new File(file).isDirectory() || FileUtil.onlyExt(name) == null
                || FileUtil.onlyName(name, true).toLowerCase(Locale.ROOT).startsWith("readme");
    }

    private static boolean knownFile(String file) throws IOException {
        if ("kamelet.yaml".equals(FileUtil.onlyExt(file, false))) {
            return true;
        }
        String ext = FileUtil.onlyExt(file, true);
        if (ext.equals("yaml")) {
            String yaml = Files.readString(new File(file).toPath(), StandardCharsets.UTF_8);
            return YAML_ROUTE_MARKERS.stream().anyMatch(yaml::contains);
        }
        if (ext.equals("xml")) {
            try (InputStream in = new FileInputStream(file)) {
                XmlStreamInfo info = new XmlStreamDetector(in).information();
                return info.isValid() && XML_ROOTS.contains(info.getRootElementName());
            }
        }
        return SOURCE_EXTENSIONS.stream().anyMatch(ext::equalsIgnoreCase);
    }
}
