package io.loginetl.masking;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical spellings, so that one address or device always masks to one token.
 * <ul>
 *   <li>IPv4: dotted decimal, four parts 0..255, no leading zeros (they are ambiguous: octal or decimal).</li>
 *   <li>IPv6: RFC 5952 (lower case, no leading zeros, the longest run of zero groups as "::");
 *       an IPv4-mapped address (::ffff:a.b.c.d) becomes the plain IPv4 address. No zone ids.</li>
 *   <li>device_id: surrounding whitespace trimmed.</li>
 * </ul>
 * Nothing here ever does a DNS lookup: only literals reach {@link InetAddress}.
 */
public final class Canonical {

    /**
     * The JDK takes text as a literal only when it starts with a hex digit or ':'; anything else
     * (".::1") goes to the resolver. So the first character must be one of those.
     */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private Canonical() {
    }

    /** The canonical form of an IP literal, or empty when the text is not one. */
    public static Optional<String> ip(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (isIpv4(text)) {
            return Optional.of(text);
        }
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return Optional.empty();
        }
        // Any dotted tail must itself be a strict IPv4 literal (rules out "::1.2.3.04" and friends).
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.contains(".") && !isIpv4(tail)) {
            return Optional.empty();
        }
        try {
            // Safe: the text contains ':', starts with a hex digit or ':' and has only hex digits, ':' and
            // '.', so the JDK parses it as an IPv6 literal and never resolves it. Its exception would echo
            // the input: never rethrow it.
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address) {
                return Optional.of(address.getHostAddress());
            }
            return Optional.of(rfc5952(((Inet6Address) address).getAddress()));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Dotted decimal: four parts 0..255 of ASCII digits, without leading zeros. Written out rather than a regex: every
     * address is checked twice, by validation and again as it is masked, and this is several times faster.
     */
    static boolean isIpv4(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return false;
        }
        int parts = 0;
        int i = 0;
        while (i <= length) {
            int start = i;
            int value = 0;
            while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || digits > 1 && text.charAt(start) == '0') {
                return false;
            }
            parts++;
            if (i == length) {
                return parts == 4;
            }
            if (text.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
        return false;
    }

    public static String deviceId(String text) {
        return text == null ? null : text.strip();
    }

    static String rfc5952(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
