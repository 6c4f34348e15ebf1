package io.loginetl.masking;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Prefix-preserving ip tokens: {@code ADDRESS@KEYID}, the address's {@link CryptoPan} pseudonym (a real address,
 * canonical, so {@code split_part(masked_ip, '@', 1)::inet} works in SQL) and the 8 hex digits of the Tink key
 * that made it, so that a rotated keyset still unmasks it and rekey can tell it from a primary-key token.
 * <p>
 * Each key of the mask keyset has its own Crypto-PAn key, derived from it and never stored: the 16-byte
 * synthetic IVs of AES-SIV over an empty plaintext, with two labels as associated data. SIV's IV is a PRF of
 * the associated data under the key's S2V half, and no token or tag is made under these labels (field names
 * have no '/' or '-'). So keygen, rotation, unmask and rekey work for these tokens as for the others.
 */
final class PrefixTokens {

    private static final byte[] AES_KEY_LABEL = "login-etl/crypto-pan/aes-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAD_LABEL = "login-etl/crypto-pan/pad".getBytes(StandardCharsets.UTF_8);
    private static final int IV_LENGTH = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final Map<Integer, CryptoPan> byKeyId;
    private final int primaryId;
    private final CryptoPan primary;
    private final String primarySuffix;

    private PrefixTokens(Map<Integer, CryptoPan> byKeyId, int primaryId) {
        this.byKeyId = Map.copyOf(byKeyId);
        this.primaryId = primaryId;
        this.primary = byKeyId.get(primaryId);
        this.primarySuffix = "@" + HEX.toHexDigits(primaryId);
    }

    /** @throws IllegalArgumentException when the keyset is not an AES-SIV one; the message never holds key material */
    static PrefixTokens of(KeysetHandle keyset) {
        Map<Integer, CryptoPan> byKeyId = new HashMap<>();
        try {
            for (int i = 0; i < keyset.size(); i++) {
                KeysetHandle.Entry entry = keyset.getAt(i);
                if (entry.getStatus() != KeyStatus.ENABLED) {
                    continue;
                }
                KeysetHandle single = KeysetHandle.newBuilder()
                        .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
                        .build();
                DeterministicAead siv = single.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
                byte[] key = new byte[CryptoPan.KEY_LENGTH];
                System.arraycopy(iv(siv, AES_KEY_LABEL), 0, key, 0, IV_LENGTH);
                System.arraycopy(iv(siv, PAD_LABEL), 0, key, IV_LENGTH, IV_LENGTH);
                byKeyId.put(entry.getId(), CryptoPan.of(key));
            }
            return new PrefixTokens(byKeyId, keyset.getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("prefix ip tokens need a siv keyset (keygen --mode siv)");
        }
    }

    /** The SIV of an empty plaintext: the ciphertext is the key's 5-byte prefix and then the 16-byte IV alone. */
    private static byte[] iv(DeterministicAead siv, byte[] label) throws GeneralSecurityException {
        byte[] out = siv.encryptDeterministically(new byte[0], label);
        byte[] iv = new byte[IV_LENGTH];
        System.arraycopy(out, out.length - IV_LENGTH, iv, 0, IV_LENGTH);
        return iv;
    }

    /** The token of an address in any form {@link Canonical#ip} takes. */
    String mask(String ip) {
        byte[] address = Canonical.ip(ip).flatMap(PrefixTokens::bytes)
                .orElseThrow(() -> new IllegalArgumentException("the ip field is not an IP address"));
        return text(primary.anonymize(address)) + primarySuffix;
    }

    /** Whether the text has the shape of a prefix token (AES-SIV tokens are base64url: never an '@'). */
    static boolean isToken(String text) {
        return text.indexOf('@') >= 0;
    }

    /** The address a token was made from, or empty when it is not a token of a key of this keyset. */
    Optional<String> unmask(String token) {
        int at = token.lastIndexOf('@');
        String address = token.substring(0, at);
        String keyId = token.substring(at + 1);
        if (keyId.length() != 8 || !keyId.chars().allMatch(c -> HEX.isHexDigit(c) && !Character.isUpperCase(c))) {
            return Optional.empty();
        }
        CryptoPan cryptoPan = byKeyId.get(HEX.fromHexDigits(keyId));
        // Only an address as masking writes it: a literal (nothing resolved), in canonical text
        Optional<byte[]> pseudonym = Canonical.ip(address).flatMap(literal -> bytes(address)).filter(b -> text(b).equals(address));
        if (cryptoPan == null || pseudonym.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(text(cryptoPan.deanonymize(pseudonym.get())));
    }

    /** Whether the token was made under the primary key (rekey leaves those alone). */
    boolean underPrimary(String token) {
        return token.endsWith(primarySuffix);
    }

    /** The bytes of a canonical address: 4 for IPv4, 16 for IPv6 (an IPv4-mapped one included, which the JDK shortens). */
    private static Optional<byte[]> bytes(String canonical) {
        try {
            // A canonical literal: only digits, hex, ':' and '.', so nothing is resolved
            byte[] bytes = InetAddress.getByName(canonical).getAddress();
            if (bytes.length == 4 && canonical.indexOf(':') >= 0) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return Optional.of(mapped);
            }
            return Optional.of(bytes);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Canonical text of 4 or 16 address bytes (a pseudonym is any address, an IPv4-mapped one included). */
    private static String text(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        return Canonical.rfc5952(address);
    }
}
