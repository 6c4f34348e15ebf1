package io.loginetl.db;

import io.loginetl.row.LoginRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a batch of rows (or the one row of the row-by-row retry) into one array per column, the body that
 * sql/insert-batch.sql reads: one set-based statement per batch instead of one per row, and the same
 * statement for a single row, so the columns are named in one place. The body is a Map because camel-sql
 * looks each {@code :#name} up in the body first and would otherwise try, and fail, to convert it to a Map
 * for every name of every batch (a walk of the type-converter registry each time). The route keeps the
 * rows themselves in a variable, for the deletes and the row-by-row path.
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
        Map<String, Object> columns = new HashMap<>();
        columns.put("message_ids", messageIds);
        columns.put("user_ids", userIds);
        columns.put("device_types", deviceTypes);
        columns.put("masked_ips", maskedIps);
        columns.put("masked_device_ids", maskedDeviceIds);
        columns.put("locales", locales);
        columns.put("app_versions", appVersions);
        columns.put("create_dates", createDates);
        exchange.getMessage().setBody(columns);
    }
}
