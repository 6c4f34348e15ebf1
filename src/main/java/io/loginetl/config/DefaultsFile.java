package io.loginetl.config;

import org.apache.camel.CamelContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * application.properties as the home of every default and of what each setting allows: its keys in order, each
 * with the "# allowed:" line directly above it ({@link Allowed}), if it has one.
 */
final class DefaultsFile {

    static final String NAME = "application.properties";

    /** The keys in the order of the file; the value is null for a key without an allowed line. */
    private final Map<String, Allowed> keys;

    private DefaultsFile(Map<String, Allowed> keys) {
        this.keys = keys;
    }

    /**
     * The application.properties among the context's property locations: the one inside the jar when there is one
     * (java -jar: the rules of the code that runs, whatever a copy in the working directory says), else the file
     * (`camel run application.properties ...`, where the project's file is the defaults).
     */
    static DefaultsFile find(CamelContext context) {
        List<String> locations = context.getPropertiesComponent().getLocations();
        for (String prefix : List.of("classpath:", "file:")) {
            for (String location : locations) {
                String path = location.replaceFirst(";.*", "");
                if (!path.startsWith(prefix) || !Path.of(path.substring(prefix.length())).getFileName().toString().equals(NAME)) {
                    continue;
                }
                Optional<String> text = read(context, prefix, path.substring(prefix.length()));
                if (text.isPresent()) {
                    return parse(text.get());
                }
            }
        }
        throw new StartupException("cannot find " + NAME + " among the settings' locations " + locations
                + ": it holds every setting's default and what it allows; run from the project directory");
    }

    private static Optional<String> read(CamelContext context, String prefix, String path) {
        try {
            if (prefix.equals("file:")) {
                Path file = Path.of(path);
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
            }
            try (InputStream in = context.getClassResolver().loadResourceAsStream(path)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new StartupException("cannot read " + prefix + path + ": " + e.getMessage());
        }
    }

    /**
     * Reads the keys and their allowed lines. An allowed line that is not directly above a key, a key given twice, or
     * an allowed line this check cannot read is refused: the file is the rules, and a rule that is not applied is
     * worse than none.
     */
    static DefaultsFile parse(String text) {
        Map<String, Allowed> keys = new LinkedHashMap<>();
        String allowed = null;
        int allowedLine = 0;
        boolean continued = false;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (continued) {
                continued = endsWithContinuation(line);
                continue;
            }
            if (line.startsWith(Allowed.PREFIX.strip()) && !line.startsWith(Allowed.PREFIX)) {
                throw new IllegalArgumentException(NAME + " line " + (i + 1) + ": write '" + Allowed.PREFIX + "' then the rule");
            }
            if (allowed != null && !isKey(line)) {
                throw new IllegalArgumentException(NAME + " line " + allowedLine + ": an allowed line is directly above the key it is for");
            }
            if (line.startsWith(Allowed.PREFIX)) {
                allowed = line.substring(Allowed.PREFIX.length());
                allowedLine = i + 1;
            } else if (isKey(line)) {
                String key = line.split("[=:]", 2)[0].strip();
                if (keys.containsKey(key)) {
                    throw new IllegalArgumentException(NAME + " line " + (i + 1) + ": " + key + " is set twice");
                }
                try {
                    keys.put(key, allowed == null ? null : Allowed.parse(allowed));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(NAME + " line " + allowedLine + ", the allowed line of " + key + ": " + e.getMessage());
                }
                allowed = null;
                continued = endsWithContinuation(line);
            }
        }
        if (allowed != null) {
            throw new IllegalArgumentException(NAME + " line " + allowedLine + ": an allowed line is directly above the key it is for");
        }
        return new DefaultsFile(keys);
    }

    private static boolean isKey(String line) {
        return !line.isEmpty() && !line.startsWith("#") && !line.startsWith("!");
    }

    /** A backslash at the end that is not itself escaped: the value goes on on the next line. */
    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Every key, in the order of the file. */
    List<String> keys() {
        return new ArrayList<>(keys.keySet());
    }

    boolean lists(String key) {
        return keys.containsKey(key);
    }

    /** The key's allowed line; empty for a key without one, or not in the file. */
    Optional<Allowed> allowed(String key) {
        return Optional.ofNullable(keys.get(key));
    }

    Map<String, Allowed> annotated() {
        Map<String, Allowed> annotated = new LinkedHashMap<>();
        keys.forEach((key, allowed) -> {
            if (allowed != null) {
                annotated.put(key, allowed);
            }
        });
        return Collections.unmodifiableMap(annotated);
    }
}
