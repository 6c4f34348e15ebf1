package io.loginetl.masking;

import java.util.Locale;

/**
 * How the ip field is masked: like every field (an opaque token in the mask mode), or as a prefix-preserving
 * pseudonym that analysts can group by network ({@link PrefixTokens}).
 */
public enum IpMode {
    /** An opaque token, as for device_id: equal addresses give equal tokens, and that is all they show. */
    SIV,
    /** Crypto-PAn: an address that shares a k-bit prefix with another keeps a k-bit prefix in common with it. */
    PREFIX;

    public static IpMode of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("mask.ip-mode must be 'siv' or 'prefix'");
        }
    }
}
