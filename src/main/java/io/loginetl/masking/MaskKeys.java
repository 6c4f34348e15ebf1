package io.loginetl.masking;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.mac.MacConfig;
import io.loginetl.config.Secrets;
import io.loginetl.config.StartupException;

import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Mask keys are Tink keysets, written as one line of base64. A keyset holds one or more keys: the
 * primary one masks, all of them unmask, and every token starts with the 5-byte id of its key. That is
 * what makes rotation work: add a key, keep the old ones.
 */
public final class MaskKeys {

    static {
        try {
            DeterministicAeadConfig.register();
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MaskKeys() {
    }

    /**
     * The masker of the configured key: mask.key, or the file mask.key-file names, in mask.mode and mask.ip-mode. Its
     * errors are the ones an operator sees at start-up, for the pipeline and the commands alike; they never contain the key.
     */
    public static Masker masker(String mode, String ipMode, String key, String keyFile) {
        String keyset = keyset(key, keyFile);
        MaskMode maskMode = MaskMode.of(mode);
        IpMode addressMode = IpMode.of(ipMode);
        if (maskMode == MaskMode.HMAC && addressMode == IpMode.PREFIX) {
            throw new StartupException("MASK_IP_MODE (mask.ip-mode) is prefix, which needs MASK_MODE (mask.mode) siv, not hmac:"
                    + " the key holder can reverse a prefix token, and hmac mode promises that nobody can");
        }
        try {
            return Masker.of(maskMode, addressMode, keyset);
        } catch (IllegalArgumentException e) {
            throw new StartupException("MASK_KEY (mask.key) or MASK_MODE (mask.mode) is not usable: " + e.getMessage());
        }
    }

    /** The configured keyset: mask.key, or the file mask.key-file names; refused, with what to do, when there is none. */
    public static String keyset(String key, String keyFile) {
        return Secrets.required("mask.key", key, keyFile,
                "MASK_KEY is not set: create one with `java -jar login-etl.jar keygen` and set MASK_KEY (or mask.key-file)");
    }

    /** A new keyset with one fresh key. */
    public static String generate(MaskMode mode) {
        try {
            return write(KeysetHandle.generateNew(mode.keyParameters()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not generate a key", e);
        }
    }

    /** The given keyset plus one fresh key, which becomes the primary (masking) key. */
    public static String rotate(String keyset, MaskMode mode) {
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(read(keyset))
                    .addEntry(KeysetHandle.generateEntryFromParameters(mode.keyParameters()).withRandomId().makePrimary())
                    .build();
            return write(rotated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not add a key to the keyset", e);
        }
    }

    /** @throws IllegalArgumentException with a message that never contains the key */
    public static KeysetHandle read(String keyset) {
        if (keyset == null || keyset.isBlank()) {
            throw new IllegalArgumentException("the mask key is empty");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(keyset.strip());
            return TinkProtoKeysetFormat.parseKeyset(bytes, InsecureSecretKeyAccess.get());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // The cause could quote key material: do not chain it.
            throw new IllegalArgumentException("the mask key is not a keyset made by `login-etl keygen`");
        }
    }

    static String write(KeysetHandle handle) throws GeneralSecurityException {
        return Base64.getEncoder().encodeToString(
                TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
    }
}
