package io.loginetl.masking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Re-masks every token in the masked columns of a table under the keyset's primary key, so that rows written
 * before a rotation match new ones again. Tokens already under the primary key are left alone, so it can be
 * re-run, and rows written while it runs are fine. SIV mode only: HMAC pseudonyms cannot be reversed.
 */
public final class Rekey {

    private Rekey() {
    }

    /**
     * @param table   the table the insert writes (user_logins)
     * @param targets the masked fields and their columns, as the route's mask step declares them
     * @return the number of rows whose tokens changed
     */
    public static long run(Connection db, Masker masker, String table, List<MaskProcessor.Target> targets) throws SQLException {
        String name = new Field(table).name(); // a plain identifier: nothing else is put into the statement
        String columns = targets.stream().map(MaskProcessor.Target::column).collect(Collectors.joining(", "));
        String assignments = targets.stream().map(t -> t.column() + " = ?").collect(Collectors.joining(", "));
        long changed = 0;
        db.setAutoCommit(false);
        try (Statement scan = db.createStatement();
             PreparedStatement update = db.prepareStatement("UPDATE " + name + " SET " + assignments + " WHERE ctid = ?::tid")) {
            scan.setFetchSize(1000);
            try (ResultSet rows = scan.executeQuery("SELECT ctid::text, " + columns + " FROM " + name)) {
                int pending = 0;
                while (rows.next()) {
                    boolean differs = false;
                    for (int i = 0; i < targets.size(); i++) {
                        String token = rows.getString(i + 2);
                        String remasked = remask(masker, targets.get(i).field(), token);
                        differs |= remasked != null && !remasked.equals(token);
                        update.setString(i + 1, remasked);
                    }
                    if (!differs) {
                        continue;
                    }
                    update.setString(targets.size() + 1, rows.getString(1));
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

    /** The token of the same value under the primary key and the current modes (so ip tokens can change ip mode). */
    static String remask(Masker masker, Field field, String token) {
        if (token == null) {
            return null;
        }
        return masker.mask(field, masker.unmask(token, List.of(field)).value());
    }
}
