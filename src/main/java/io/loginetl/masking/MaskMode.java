package io.loginetl.masking;

import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.mac.PredefinedMacParameters;

import java.util.Locale;

/** How PII is masked: recoverably (AES-SIV) or as one-way pseudonyms (HMAC-SHA256). */
public enum MaskMode {
    /** Deterministic authenticated encryption: the key holder can unmask. */
    SIV(PredefinedDeterministicAeadParameters.AES256_SIV),
    /** Keyed pseudonyms: nobody can unmask, not even the key holder. */
    HMAC(PredefinedMacParameters.HMAC_SHA256_256BITTAG);

    private final Parameters keyParameters;

    MaskMode(Parameters keyParameters) {
        this.keyParameters = keyParameters;
    }

    Parameters keyParameters() {
        return keyParameters;
    }

    public static MaskMode of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mask.mode must be 'siv' or 'hmac'");
        }
    }
}
