package io.loginetl.masking;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Crypto-PAn, the prefix-preserving IP address pseudonymisation of Xu, Fan, Ammar and Moon ("Prefix-Preserving IP
 * Address Anonymization: Measurement-based Security Evaluation and a New Cryptography-based Scheme", ICNP 2002), for
 * IPv4 and IPv6 addresses as 4 or 16 bytes.
 * <p>
 * Bit i of the pseudonym is bit i of the address XOR the first bit of AES-128 of a block made of the address's first
 * i bits followed by the remaining bits of a secret 128-bit pad. The 32-byte key is laid out as in the reference
 * implementation (Crypto-PAn 1.0): the first 16 bytes are the AES key, the last 16 are encrypted under it to make the
 * pad. IPv4 pseudonyms equal the reference implementation's bit for bit; IPv6 is the same construction over 128 bits.
 * <p>
 * Prefix preservation is the point and also what it gives away: two addresses that share exactly a k-bit prefix map
 * to pseudonyms that share exactly a k-bit prefix, so subnet structure stays visible and a known address in a subnet
 * narrows down its neighbours. The key holder can invert a pseudonym. Instances are thread-safe.
 */
public final class CryptoPan {

    public static final int KEY_LENGTH = 32;

    private static final int BLOCK = 16;
    private static final int MAX_BITS = 128;

    private final SecretKeySpec aesKey;
    private final byte[] pad;
    /** A Cipher is stateful and not thread-safe; one per thread, with its buffers, keeps the hot path allocation-free. */
    private final ThreadLocal<Work> work;

    private CryptoPan(byte[] key) {
        aesKey = new SecretKeySpec(key, 0, BLOCK, "AES");
        pad = new byte[BLOCK];
        work = ThreadLocal.withInitial(() -> new Work(aesKey));
        encrypt(work.get().cipher, key, BLOCK, BLOCK, pad);
    }

    /** @throws IllegalArgumentException unless the key is 32 bytes; the message never contains the key */
    public static CryptoPan of(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("the Crypto-PAn key is missing");
        }
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a Crypto-PAn key is " + KEY_LENGTH + " bytes, not " + key.length);
        }
        return new CryptoPan(key);
    }

    /** The pseudonym of a 4-byte (IPv4) or 16-byte (IPv6) address, as a new array of the same length. */
    public byte[] anonymize(byte[] address) {
        int bits = bitsOf(address);
        Work w = work.get();
        // Every block depends on the address only, not on earlier outputs, so all of them go through AES in one
        // call: far cheaper than one call per bit. Block i is block i-1 with bit i-1 taken from the address.
        System.arraycopy(pad, 0, w.in, 0, BLOCK);
        for (int i = 1; i < bits; i++) {
            int offset = i * BLOCK;
            System.arraycopy(w.in, offset - BLOCK, w.in, offset, BLOCK);
            setBit(w.in, offset, i - 1, bit(address, i - 1));
        }
        encrypt(w.cipher, w.in, 0, bits * BLOCK, w.out);
        byte[] pseudonym = address.clone();
        for (int i = 0; i < bits; i++) {
            if (msb(w.out, i * BLOCK)) {
                flipBit(pseudonym, i);
            }
        }
        return pseudonym;
    }

    /** The address whose pseudonym this is: the inverse of {@link #anonymize}. */
    public byte[] deanonymize(byte[] pseudonym) {
        int bits = bitsOf(pseudonym);
        Work w = work.get();
        // Block i needs the original's first i bits, known only once bit i-1 is recovered: one AES call per bit.
        byte[] block = w.in;
        System.arraycopy(pad, 0, block, 0, BLOCK);
        byte[] address = pseudonym.clone();
        for (int i = 0; i < bits; i++) {
            encrypt(w.cipher, block, 0, BLOCK, w.out);
            if (msb(w.out, 0)) {
                flipBit(address, i);
            }
            setBit(block, 0, i, bit(address, i));
        }
        return address;
    }

    private static int bitsOf(byte[] address) {
        if (address == null) {
            throw new IllegalArgumentException("the address is missing");
        }
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException(
                    "an address is 4 (IPv4) or 16 (IPv6) bytes, not " + address.length);
        }
        return address.length * 8;
    }

    private static boolean bit(byte[] bytes, int index) {
        return (bytes[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    private static void setBit(byte[] bytes, int offset, int index, boolean value) {
        int mask = 0x80 >>> (index & 7);
        int at = offset + (index >>> 3);
        bytes[at] = (byte) (value ? bytes[at] | mask : bytes[at] & ~mask);
    }

    private static void flipBit(byte[] bytes, int index) {
        bytes[index >>> 3] ^= (byte) (0x80 >>> (index & 7));
    }

    private static boolean msb(byte[] bytes, int offset) {
        return bytes[offset] < 0;
    }

    private static void encrypt(Cipher cipher, byte[] in, int offset, int length, byte[] out) {
        try {
            cipher.doFinal(in, offset, length, out, 0);
        } catch (GeneralSecurityException e) {
            // Unreachable with whole blocks and a big enough buffer; the cause carries no key material.
            throw new IllegalStateException("AES failed", e);
        }
    }

    private static final class Work {
        final Cipher cipher;
        final byte[] in = new byte[MAX_BITS * BLOCK];
        final byte[] out = new byte[MAX_BITS * BLOCK];

        Work(SecretKeySpec key) {
            try {
                cipher = Cipher.getInstance("AES/ECB/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB/NoPadding is not available", e);
            }
        }
    }
}
