package io.loginetl.masking;

import java.util.Random;

/** Bit prefixes of addresses as bytes, for the prefix-preservation tests. */
final class AddressBits {

    private AddressBits() {
    }

    /** How many leading bits {@code a} and {@code b} share. */
    static int sharedPrefix(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            int diff = (a[i] ^ b[i]) & 0xff;
            if (diff != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(diff) - 24;
            }
        }
        return a.length * 8;
    }

    /** A copy of {@code a} that keeps its first k bits, differs at bit k and is random after it. */
    static byte[] withSharedPrefix(byte[] a, int k, Random random) {
        byte[] b = a.clone();
        int bits = a.length * 8;
        if (k == bits) {
            return b;
        }
        for (int i = k + 1; i < bits; i++) {
            if (random.nextBoolean()) {
                b[i >>> 3] ^= (byte) (0x80 >>> (i & 7));
            }
        }
        b[k >>> 3] ^= (byte) (0x80 >>> (k & 7));
        return b;
    }
}
