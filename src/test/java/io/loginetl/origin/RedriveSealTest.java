package io.loginetl.origin;

import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.message.Origin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedriveSealTest {

    private static final String ID = "5f0c3b1e-0000-4000-8000-000000000001";
    private static final String SENT = "1700000000000";
    private static final String BODY = "{\"user_id\": \"u1\"}";

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void aSealVerifiesForExactlyTheClaimAndBodyItWasMadeFor(MaskMode mode) {
        RedriveSeal seal = RedriveSeal.of(mode, MaskKeys.generate(mode));
        String made = seal.seal(ID, SENT, BODY);
        assertTrue(seal.verifies(made, ID, SENT, BODY));
        assertFalse(seal.verifies(made, ID.replace('1', '2'), SENT, BODY), "another id");
        assertFalse(seal.verifies(made, ID, "1700000000001", BODY), "another SentTimestamp");
        assertFalse(seal.verifies(made, ID, null, BODY), "the timestamp left out");
        assertFalse(seal.verifies(made, ID, SENT, BODY + " "), "another body");
        assertFalse(seal.verifies(made.substring(1), ID, SENT, BODY), "truncated");
        assertFalse(seal.verifies("not base64 !", ID, SENT, BODY));
        assertFalse(seal.verifies(null, ID, SENT, BODY));
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void partsCannotBeShiftedFromOneFieldToAnother(MaskMode mode) {
        RedriveSeal seal = RedriveSeal.of(mode, MaskKeys.generate(mode));
        assertFalse(seal.verifies(seal.seal("ab", "c", BODY), "a", "bc", BODY));
        assertFalse(seal.verifies(seal.seal("a", "", BODY), "a", null, BODY));
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void onlyTheKeyHolderCanMakeOne(MaskMode mode) {
        String made = RedriveSeal.of(mode, MaskKeys.generate(mode)).seal(ID, SENT, BODY);
        assertFalse(RedriveSeal.of(mode, MaskKeys.generate(mode)).verifies(made, ID, SENT, BODY));
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void sealsMadeBeforeAKeyRotationStillVerify(MaskMode mode) {
        String before = MaskKeys.generate(mode);
        String made = RedriveSeal.of(mode, before).seal(ID, SENT, BODY);
        RedriveSeal rotated = RedriveSeal.of(mode, MaskKeys.rotate(before, mode));
        assertTrue(rotated.verifies(made, ID, SENT, BODY));
        assertTrue(rotated.verifies(rotated.seal(ID, SENT, BODY), ID, SENT, BODY));
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void aMessageIsKnownByAnEarlierIdOnlyWithAValidSeal(MaskMode mode) {
        RedriveSeal seal = RedriveSeal.of(mode, MaskKeys.generate(mode));
        String made = seal.seal(ID, SENT, BODY);
        AtomicInteger rejected = new AtomicInteger();
        OriginResolver origins = new OriginResolver(seal, rejected::incrementAndGet);
        assertEquals(new Origin("own", "1800000000000", Origin.Claim.NONE),
                origins.of("own", "1800000000000", null, null, null, BODY));
        assertEquals(new Origin(ID, SENT, Origin.Claim.VERIFIED),
                origins.of("own", "1800000000000", ID, SENT, made, BODY));
        assertEquals(new Origin("own", "1800000000000", Origin.Claim.REJECTED),
                origins.of("own", "1800000000000", ID, SENT, null, BODY), "no seal");
        assertEquals(new Origin("own", "1800000000000", Origin.Claim.REJECTED),
                origins.of("own", "1800000000000", ID, SENT, made, "{\"user_id\": \"someone else\"}"), "another body");
        assertEquals(2, rejected.get(), "each rejected claim counted");
    }
}
