package io.loginetl.db;

import io.loginetl.row.LoginRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * Turns a batch of rows (or the one row of the row-by-row retry) into one array per column, as exchange
 * variables, for sql/insert-batch.sql: one set-based statement per batch instead of one per row, and the
 * same statement for a single row, so the columns are named in one place. The body, the rows, stays as it
 * is for the deletes and for the row-by-row retry.
 */
public class BatchColumnsProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        List<LoginRow> rows = body instanceof LoginRow row ? List.of(row) : (List<LoginRow>) body;
        int n = rows.size();
        String[] messageIds = new String[n];
        String[] userIds = new String[n];
        String[] deviceTypes = new String[n];
        String[] maskedIps = new String[n];
        String[] maskedDeviceIds = new String[n];
        String[] locales = new String[n];
        Integer[] appVersions = new Integer[n];
        String[] createDates = new String[n];
        for (int i = 0; i < n; i++) {
            LoginRow row = rows.get(i);
            messageIds[i] = row.messageId();
            userIds[i] = row.userId();
            deviceTypes[i] = row.deviceType();
            maskedIps[i] = row.maskedIp();
            maskedDeviceIds[i] = row.maskedDeviceId();
            locales[i] = row.locale();
            appVersions[i] = row.appVersion();
            createDates[i] = row.createDate().toString();
        }
        exchange.setVariable("message_ids", messageIds);
        exchange.setVariable("user_ids", userIds);
        exchange.setVariable("device_types", deviceTypes);
        exchange.setVariable("masked_ips", maskedIps);
        exchange.setVariable("masked_device_ids", maskedDeviceIds);
        exchange.setVariable("locales", locales);
        exchange.setVariable("app_versions", appVersions);
        exchange.setVariable("create_dates", createDates);
    }
}
