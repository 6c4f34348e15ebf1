package io.loginetl.masking;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

/**
 * Turns a PII value into a token: equal values give equal tokens (so duplicates stay visible), and
 * without the key nothing about the value can be learnt or brute-forced.
 * <p>
 * The field is bound into every token (associated data for AES-SIV, a prefix of the HMAC input), so
 * each field is its own domain: an ip token never equals, or unmasks as, a device_id token.
 * Tokens are base64url without padding: 5-byte key id + 16-byte SIV + the value for SIV mode
 * (88 characters for the longest IPv6 literal), 5 + 32 bytes for HMAC mode (50 characters).
 */
public final class Masker {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final MaskMode mode;
    private final DeterministicAead siv;
    private final Mac hmac;

    private Masker(MaskMode mode, DeterministicAead siv, Mac hmac) {
        this.mode = mode;
        this.siv = siv;
        this.hmac = hmac;
    }

    public static Masker of(MaskMode mode, String keyset) {
        KeysetHandle handle = MaskKeys.read(keyset);
        try {
            return mode == MaskMode.SIV
                    ? new Masker(mode, handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class), null)
                    : new Masker(mode, null, handle.getPrimitive(RegistryConfiguration.get(), Mac.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the mask key is not a " + mode.name().toLowerCase() + " keyset");
        }
    }

    public MaskMode mode() {
        return mode;
    }

    public String mask(Field field, String value) {
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] token = mode == MaskMode.SIV
                    ? siv.encryptDeterministically(plain, field.domain())
                    : hmac.computeMac(concat(field.domain(), plain));
            return ENCODER.encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("masking failed for field " + field.name());
        }
    }

    /**
     * A deterministic MAC of {@code data} under the mask key, for authenticating rather than masking: AES-SIV
     * over an empty plaintext with {@code data} as associated data (SIV's synthetic IV is a PRF of it, and
     * decryption verifies it), or HMAC-SHA256. Callers put their own domain first, so that a tag is never a token.
     */
    public byte[] tag(byte[] data) {
        try {
            return mode == MaskMode.SIV ? siv.encryptDeterministically(new byte[0], data) : hmac.computeMac(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tagging failed");
        }
    }

    /** Whether {@code tag} is {@link #tag} of {@code data} under any key of the keyset (so tags outlive a rotation). */
    public boolean verifiesTag(byte[] tag, byte[] data) {
        try {
            if (mode == MaskMode.SIV) {
                return siv.decryptDeterministically(tag, data).length == 0;
            }
            hmac.verifyMac(tag, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The field a token was made for (ip or device_id) and its original value; SIV mode only. */
    public Unmasked unmask(String token) {
        return unmask(token, Field.DEFAULTS);
    }

    /** The field a token was made for, one of {@code fields}, and its original value; SIV mode only. */
    public Unmasked unmask(String token, Collection<Field> fields) {
        if (mode != MaskMode.SIV) {
            throw new UnsupportedOperationException("tokens made in hmac mode cannot be unmasked, by design");
        }
        String text = token.strip();
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token is not base64url text");
        }
        // The decoder also takes padding and non-zero spare bits in the last character: such a token is
        // a different text for the same bytes, so it was not made here (tokens compare as text).
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("the token is not base64url text as masking writes it");
        }
        for (Field field : fields) {
            Optional<byte[]> plain = decrypt(bytes, field);
            if (plain.isPresent()) {
                return new Unmasked(field, new String(plain.get(), StandardCharsets.UTF_8));
            }
        }
        throw new IllegalArgumentException(
                "the token does not verify under any configured key as a token of " + fields
                        + ": it is tampered with, truncated, from another key, or of another field");
    }

    private Optional<byte[]> decrypt(byte[] token, Field field) {
        try {
            return Optional.of(siv.decryptDeterministically(token, field.domain()));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] concat(byte[] domain, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(domain.length + 1 + value.length);
        out.writeBytes(domain);
        out.write(0);
        out.writeBytes(value);
        return out.toByteArray();
    }

    public record Unmasked(Field field, String value) {
    }
}
