package io.loginetl.masking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Re-masks every token in user_logins under the keyset's primary key, so that rows written before a
 * rotation match new ones again. Tokens already under the primary key are left alone, so it can be
 * re-run, and rows written while it runs are fine. SIV mode only: HMAC pseudonyms cannot be reversed.
 */
public final class Rekey {

    private Rekey() {
    }

    /** @return the number of rows whose tokens changed */
    public static long run(Connection db, Masker masker) throws SQLException {
        long changed = 0;
        db.setAutoCommit(false);
        try (Statement scan = db.createStatement();
             PreparedStatement update = db.prepareStatement(
                     "UPDATE user_logins SET masked_ip = ?, masked_device_id = ? WHERE ctid = ?::tid")) {
            scan.setFetchSize(1000);
            try (ResultSet rows = scan.executeQuery("SELECT ctid::text, masked_ip, masked_device_id FROM user_logins")) {
                int pending = 0;
                while (rows.next()) {
                    String ip = rows.getString(2);
                    String device = rows.getString(3);
                    String newIp = remask(masker, ip);
                    String newDevice = remask(masker, device);
                    if (newIp.equals(ip) && newDevice.equals(device)) {
                        continue;
                    }
                    update.setString(1, newIp);
                    update.setString(2, newDevice);
                    update.setString(3, rows.getString(1));
                    update.addBatch();
                    changed++;
                    if (++pending == 1000) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
                update.executeBatch();
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
        return changed;
    }

    private static String remask(Masker masker, String token) {
        if (token == null) {
            return null;
        }
        Masker.Unmasked original = masker.unmask(token);
        return masker.mask(original.field(), original.value());
    }
}
