package io.loginetl.config;

/** What the health response and startup messages may say about a connection: where, never with what. */
public final class Redact {

    private Redact() {
    }

    /**
     * A JDBC URL without its query string or driver properties (where {@code password=} can live) and
     * without {@code user:password@}: {@code jdbc:postgresql://db:5432/logins}.
     */
    public static String jdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            return "(not set)";
        }
        String bare = url.strip();
        for (char separator : new char[] {'?', ';'}) {
            int at = bare.indexOf(separator);
            if (at >= 0) {
                bare = bare.substring(0, at);
            }
        }
        return withoutUserInfo(bare);
    }

    /**
     * The database and server of a JDBC URL for a one-line message: {@code logins on db:5432}. Camel's
     * health endpoint escapes a "/" in a message twice (it shows as {@code \/}), so messages avoid it.
     */
    public static String jdbcTarget(String url) {
        String bare = jdbcUrl(url);
        int scheme = bare.indexOf("//");
        if (scheme < 0) {
            return bare;
        }
        String rest = bare.substring(scheme + 2);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(slash + 1) + " on " + rest.substring(0, slash);
    }

    /** host:port of an endpoint for a one-line message ("AWS" when empty), without credentials. */
    public static String hostPort(String endpoint) {
        String bare = endpoint(endpoint);
        int scheme = bare.indexOf("//");
        if (scheme < 0) {
            return bare;
        }
        String rest = bare.substring(scheme + 2);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** An HTTP endpoint without {@code user:password@}, query or fragment; "AWS" when empty. */
    public static String endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return "AWS";
        }
        String bare = endpoint.strip();
        int query = indexOfAny(bare, "?#");
        if (query >= 0) {
            bare = bare.substring(0, query);
        }
        return withoutUserInfo(bare);
    }

    private static String withoutUserInfo(String url) {
        int scheme = url.indexOf("//");
        if (scheme < 0) {
            return url;
        }
        int hostStart = scheme + 2;
        int pathStart = url.indexOf('/', hostStart);
        String authority = pathStart < 0 ? url.substring(hostStart) : url.substring(hostStart, pathStart);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        return url.substring(0, hostStart) + authority.substring(at + 1) + (pathStart < 0 ? "" : url.substring(pathStart));
    }

    private static int indexOfAny(String text, String chars) {
        int first = -1;
        for (char c : chars.toCharArray()) {
            int at = text.indexOf(c);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
