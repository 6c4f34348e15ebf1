package io.loginetl.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encodes {@code MAJOR[.MINOR[.PATCH]]} as {@code MAJOR*1_000_000 + MINOR*1_000 + PATCH}.
 * Each part is a decimal number 0..999 (major up to 2146 so the result fits a Postgres integer),
 * which keeps the encoding order-preserving and collision-free: "2.3.0" and "2.30" differ,
 * while "2.0", "2.00" and "2.0.0" are the same version.
 */
public final class AppVersion {

    public static final int MAX_MAJOR = 2146;
    private static final Pattern FORM = Pattern.compile("(\\d{1,4})(?:\\.(\\d{1,3})(?:\\.(\\d{1,3}))?)?");

    private AppVersion() {
    }

    /** @throws IllegalArgumentException when the text is not a version this encoding accepts */
    public static int parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("app_version is missing");
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("app_version is not MAJOR[.MINOR[.PATCH]] with numeric parts");
        }
        int major = Integer.parseInt(m.group(1));
        if (major > MAX_MAJOR) {
            throw new IllegalArgumentException("app_version major part is above " + MAX_MAJOR);
        }
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return major * 1_000_000 + minor * 1_000 + patch;
    }

    /** The canonical text of an encoded version, e.g. 2003000 → "2.3.0". */
    public static String format(int encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }
}
