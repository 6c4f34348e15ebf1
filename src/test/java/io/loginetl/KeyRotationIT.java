package io.loginetl;

import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.masking.Masker;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation: old tokens still unmask, the new key masks, and `rekey` brings old rows under the new key. */
class KeyRotationIT extends RealPartsTestSupport {

    private void load(String key, long expectedRows) throws Exception {
        queues.send(TestQueues.sample());
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("mask.key", key);
        try (Pipeline ignored = Pipeline.start(settings)) {
            await(expectedRows + " rows").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM user_logins") == expectedRows && queues.depth(queues.queue) == 0);
        }
    }

    @Test
    void rotatedKeyMasksNewRowsUnmasksOldOnesAndRekeyReunitesThem() throws Exception {
        String oldKey = MaskKeys.generate(MaskMode.SIV);
        load(oldKey, 99);
        String rotated = MaskKeys.rotate(oldKey, MaskMode.SIV);
        load(rotated, 198);

        assertEquals(198, db.count("SELECT count(DISTINCT masked_ip) FROM user_logins"),
                "tokens under different keys differ: duplicates across a rotation are not matched yet");
        Masker masker = Masker.of(MaskMode.SIV, rotated);
        for (Map<String, Object> row : db.rows("SELECT masked_ip, masked_device_id FROM user_logins")) {
            masker.unmask((String) row.get("masked_ip")); // throws if any token does not verify
            masker.unmask((String) row.get("masked_device_id"));
        }

        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("mask.key", rotated);
        try (AppProcess rekey = AppProcess.start(settings, "rekey")) {
            assertEquals(0, rekey.awaitExit(60), rekey.output());
            assertTrue(rekey.output().contains("rekey: 99 row(s) of user_logins re-masked"), rekey.output());
        }
        assertEquals(99, db.count("SELECT count(DISTINCT masked_ip) FROM user_logins"), "duplicates match again");
        assertEquals(99, db.count("SELECT count(DISTINCT masked_device_id) FROM user_logins"));
        assertEquals(99, db.count("SELECT count(*) FROM (SELECT user_id FROM user_logins GROUP BY user_id, masked_ip, "
                + "masked_device_id HAVING count(*) = 2) twice"), "each event's two copies carry the same tokens");
    }
}
