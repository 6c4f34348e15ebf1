package io.loginetl.masking;

import com.google.crypto.tink.KeysetHandle;
import io.loginetl.config.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskKeysTest {

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void generateGivesOneLineOfBase64HoldingOneKey(MaskMode mode) {
        String keyset = MaskKeys.generate(mode);
        assertFalse(keyset.isBlank());
        assertFalse(keyset.contains("\n") || keyset.contains("\r"), "one line");
        assertTrue(keyset.matches("[A-Za-z0-9+/]+=*"), keyset.length() + " characters, not plain base64");
        assertEquals(keyset.strip(), keyset);
        Base64.getDecoder().decode(keyset); // strict decoder: no line breaks, no stray characters
        KeysetHandle handle = MaskKeys.read(keyset);
        assertEquals(1, handle.size());
        assertEquals(mode.keyParameters(), handle.getPrimary().getKey().getParameters());
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void readAcceptsWhatGenerateWroteAndWritesItBackUnchanged(MaskMode mode) throws Exception {
        String keyset = MaskKeys.generate(mode);
        assertEquals(keyset, MaskKeys.write(MaskKeys.read(keyset)));
        assertEquals(keyset, MaskKeys.write(MaskKeys.read("  " + keyset + "\n")), "surrounding whitespace is ignored");
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void rotateAddsAPrimaryKeyAndKeepsTheOldOnes(MaskMode mode) {
        String keyset = MaskKeys.generate(mode);
        KeysetHandle before = MaskKeys.read(keyset);
        KeysetHandle after = MaskKeys.read(MaskKeys.rotate(keyset, mode));
        assertEquals(2, after.size());
        assertNotEquals(before.getPrimary().getId(), after.getPrimary().getId());
        boolean oldKeyKept = false;
        for (int i = 0; i < after.size(); i++) {
            if (after.getAt(i).getId() == before.getPrimary().getId()) {
                oldKeyKept = true;
                assertFalse(after.getAt(i).isPrimary());
            }
        }
        assertTrue(oldKeyKept);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\n", "\t \n"})
    void readOfBlankFailsAsEmpty(String keyset) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskKeys.read(keyset));
        assertEquals("the mask key is empty", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"definitely-not-keyset-material", "secret-password-123", "!!!!", "Zm9vYmFy", "c2VjcmV0LWtleS1tYXRlcmlhbA==",
            "AAAAAAAAAAAAAAAAAAAAAAAA", "{\"primaryKeyId\":1,\"key\":[]}", "ZZZZ\nZZZZ", "@@secret@@"})
    void readOfGarbageFailsWithoutEchoingIt(String keyset) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskKeys.read(keyset));
        assertEquals("the mask key is not a keyset made by `login-etl keygen`", e.getMessage());
        assertNull(e.getCause(), "a cause could quote key material");
        assertFalse(e.getMessage().contains(keyset));
    }

    @Test
    void readOfADamagedKeysetFailsWithoutEchoingIt() {
        String keyset = MaskKeys.generate(MaskMode.SIV);
        for (String damaged : new String[]{
                keyset.substring(0, keyset.length() / 2),
                keyset.substring(4),
                keyset + "AAAA",
                keyset.replace('A', '!'),
                keyset.substring(0, 10) + " " + keyset.substring(10)}) {
            if (damaged.equals(keyset)) {
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskKeys.read(damaged));
            assertNull(e.getCause());
            assertFalse(e.getMessage().contains(damaged));
            assertFalse(e.getMessage().contains(keyset.substring(0, 12)));
        }
    }

    @Test
    void readOfRandomBytesAlwaysFailsWithTheSameSafeException() {
        SplittableRandom random = new SplittableRandom(99L);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(1, 200)];
            random.nextBytes(bytes);
            String keyset = Base64.getEncoder().encodeToString(bytes);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskKeys.read(keyset),
                    "random keyset #" + i);
            assertEquals("the mask key is not a keyset made by `login-etl keygen`", e.getMessage());
            assertNull(e.getCause());
        }
    }

    @Test
    void rotateOfGarbageFailsWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskKeys.rotate("secret-password-123", MaskMode.SIV));
        assertFalse(e.getMessage().contains("secret-password-123"));
    }

    @Test
    void modeNamesAreParsedLeniently() {
        assertEquals(MaskMode.SIV, MaskMode.of("siv"));
        assertEquals(MaskMode.SIV, MaskMode.of(" SIV "));
        assertEquals(MaskMode.HMAC, MaskMode.of("Hmac"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskMode.of("aes-gcm"));
        assertEquals("mask.mode must be 'siv' or 'hmac'", e.getMessage());
    }

    @Test
    void thePrefixIpModeWithHmacStopsTheStartNamingBothSettings() {
        StartupException e = assertThrows(StartupException.class,
                () -> MaskKeys.masker("hmac", "prefix", MaskKeys.generate(MaskMode.HMAC), null));
        assertTrue(e.getMessage().startsWith("MASK_IP_MODE (mask.ip-mode) is prefix, which needs MASK_MODE (mask.mode) siv, not hmac"),
                e.getMessage());
        assertEquals(IpMode.PREFIX, MaskKeys.masker("siv", "prefix", MaskKeys.generate(MaskMode.SIV), null).ipMode());
    }
}
