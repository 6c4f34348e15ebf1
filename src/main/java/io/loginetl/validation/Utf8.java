package io.loginetl.validation;

/**
 * The length of text in UTF-8, counted without encoding it: a bound check on every message, and on a
 * 256 KiB body, should not allocate a copy of it.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Bytes of UTF-8 that {@code text} encodes to (a well-formed surrogate pair is 4 bytes; a lone
     * surrogate is counted as 3, an upper bound, since it has no UTF-8 form). 0 for null.
     */
    public static long length(CharSequence text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Whether {@code text} is more than {@code maxBytes} bytes of UTF-8. Decided from its length alone
     * when that is enough (a char is 1 to 3 bytes), so a typical message is not scanned at all.
     */
    public static boolean longerThan(String text, long maxBytes) {
        if (text == null) {
            return false;
        }
        long chars = text.length();
        if (chars > maxBytes) {
            return true;
        }
        if (chars * 3 <= maxBytes) {
            return false;
        }
        return length(text) > maxBytes;
    }
}
