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
 * (80 characters for the longest canonical IPv6 address), 5 + 32 bytes for HMAC mode (50 characters). With the ip mode
 * {@link IpMode#PREFIX}, ip tokens are instead {@code ADDRESS@KEYID} ({@link PrefixTokens}, at most 48 characters).
 * <p>
 * ip and device_id values are masked in their canonical form ({@link Canonical}), so one address or device gives
 * one token whichever route masks it, validated or not.
 */
public final class Masker {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final MaskMode mode;
    private final IpMode ipMode;
    private final DeterministicAead siv;
    private final Mac hmac;
    /** SIV mode only: prefix ip tokens are made in prefix ip mode and unmasked in either. */
    private final PrefixTokens prefixTokens;

    private Masker(MaskMode mode, IpMode ipMode, DeterministicAead siv, Mac hmac, PrefixTokens prefixTokens) {
        this.mode = mode;
        this.ipMode = ipMode;
        this.siv = siv;
        this.hmac = hmac;
        this.prefixTokens = prefixTokens;
    }

    public static Masker of(MaskMode mode, String keyset) {
        return of(mode, IpMode.SIV, keyset);
    }

    /** @throws IllegalArgumentException with a message that never holds key material */
    public static Masker of(MaskMode mode, IpMode ipMode, String keyset) {
        if (mode == MaskMode.HMAC && ipMode == IpMode.PREFIX) {
            throw new IllegalArgumentException("the ip mode prefix needs the mask mode siv: the key holder can reverse"
                    + " a prefix token, and hmac mode promises that nobody can");
        }
        KeysetHandle handle = MaskKeys.read(keyset);
        try {
            return mode == MaskMode.SIV
                    ? new Masker(mode, ipMode, handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class), null,
                            PrefixTokens.of(handle))
                    : new Masker(mode, ipMode, null, handle.getPrimitive(RegistryConfiguration.get(), Mac.class), null);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the mask key is not a " + mode.name().toLowerCase() + " keyset");
        }
    }

    public MaskMode mode() {
        return mode;
    }

    public IpMode ipMode() {
        return ipMode;
    }

    public String mask(Field field, String value) {
        if (field.isIp()) {
            if (ipMode == IpMode.PREFIX) {
                return prefixTokens.mask(value);
            }
            if (!Canonical.isIpv4(value)) { // the common case, canonical already: nothing to allocate
                value = Canonical.ip(value).orElse(value);
            }
        } else if (field.isDeviceId()) {
            value = Canonical.deviceId(value);
        }
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
        if (PrefixTokens.isToken(text)) {
            if (!fields.contains(Field.IP)) {
                throw new IllegalArgumentException("the token is a prefix ip token, and ip is not one of " + fields);
            }
            return prefixTokens.unmask(text).map(address -> new Unmasked(Field.IP, address))
                    .orElseThrow(() -> new IllegalArgumentException("the token is not a prefix ip token of any configured key:"
                            + " its address part is not an address as masking writes it, or its key id is not in the keyset"));
        }
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
