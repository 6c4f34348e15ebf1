package io.loginetl.origin;

import io.loginetl.masking.MaskMode;
import io.loginetl.masking.Masker;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Proof that a message's claim to an earlier identity (its original SQS message id and SentTimestamp) was
 * made by login-etl itself, when it parked the message, and belongs to this body. The consumer honours
 * {@code source-message-id} only with a seal that verifies, so a producer cannot name an id that is
 * already loaded and have its message silently skipped by the ledger.
 * <p>
 * The seal is a {@link Masker#tag} under the mask key, in a domain of its own: AES-SIV over an empty
 * plaintext with the claim as associated data (a deterministic MAC), or HMAC-SHA256 in hmac mode. Not a
 * key derived from the keyset bytes (HKDF): that key would change with every rotation and void every seal
 * parked before it, whereas a Tink keyset keeps its old keys, so seals made under an old primary still
 * verify. The input is length-prefixed, so no two different claims share one byte string.
 */
public final class RedriveSeal {

    private static final byte[] DOMAIN = "login-etl/redrive-seal/v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Masker key;

    public RedriveSeal(Masker key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException with a message that never contains the key */
    public static RedriveSeal of(MaskMode mode, String keyset) {
        return new RedriveSeal(Masker.of(mode, keyset));
    }

    /** The seal of a claim: base64url text, for a message attribute. */
    public String seal(String messageId, String sentTimestamp, String body) {
        return ENCODER.encodeToString(key.tag(claim(messageId, sentTimestamp, body)));
    }

    /** Whether {@code seal} was made by {@link #seal} for exactly this claim, under a key of this keyset. */
    public boolean verifies(String seal, String messageId, String sentTimestamp, String body) {
        if (seal == null || messageId == null) {
            return false;
        }
        try {
            return key.verifiesTag(Base64.getUrlDecoder().decode(seal.strip()), claim(messageId, sentTimestamp, body));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static byte[] claim(String messageId, String sentTimestamp, String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(DOMAIN.length + 128 + (body == null ? 0 : body.length()));
        out.writeBytes(DOMAIN);
        out.write(0);
        for (String part : new String[] {messageId, sentTimestamp, body}) {
            byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(5).put((byte) (part == null ? 0 : 1)).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
