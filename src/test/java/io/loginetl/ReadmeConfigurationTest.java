package io.loginetl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's configuration table is the one place a user reads the settings: it lists every key of
 * application.properties (Camel JBang's own aside), with the default the file gives it and what the start-up check
 * allows, as the file says them.
 */
class ReadmeConfigurationTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| [^|]* \\| ([^|]*) \\| ([^|]*) \\|", Pattern.MULTILINE);

    @Test
    void theReadmeTableListsEveryKeyWithItsDefaultAndWhatItAllows() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            rows.put(row.group(1), new String[] {row.group(2).strip(), row.group(3).strip()});
        }
        List<String> wrong = new ArrayList<>();
        String allowed = "";
        for (String line : Files.readAllLines(Path.of("application.properties"))) {
            if (line.startsWith("# allowed:")) {
                allowed = line.substring("# allowed:".length()).strip();
                continue;
            }
            int equals = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || line.startsWith(" ") || equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (!key.startsWith("camel.jbang.")) {
                String[] documented = rows.get(key);
                String expectedDefault = value.isEmpty() ? "(empty)" : "`" + value + "`";
                if (documented == null) {
                    wrong.add(key + ": not in the table");
                } else if (!key.equals("mask.key") && !documented[0].equals(expectedDefault)) {
                    wrong.add(key + ": default " + documented[0] + ", the file says " + expectedDefault);
                } else if (!documented[1].equals(allowed)) {
                    wrong.add(key + ": allows '" + documented[1] + "', the file says '" + allowed + "'");
                }
            }
            allowed = "";
        }
        assertEquals(List.of(), wrong);
    }
}
