package io.loginetl.db;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;
import java.util.Map;

/**
 * Turns a batch of rows into one array per column, as exchange variables, for the set-based insert
 * (sql/insert-batch.sql: one statement per batch instead of one per row). The body, the rows, stays
 * as it is for the deletes and for the row-by-row retry.
 */
public class BatchColumnsProcessor implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
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
            Map<String, Object> row = rows.get(i);
            messageIds[i] = (String) row.get(io.loginetl.row.EnvelopeProcessor.MESSAGE_ID);
            userIds[i] = (String) row.get("user_id");
            deviceTypes[i] = (String) row.get("device_type");
            maskedIps[i] = (String) row.get("masked_ip");
            maskedDeviceIds[i] = (String) row.get("masked_device_id");
            locales[i] = (String) row.get("locale");
            appVersions[i] = (Integer) row.get("app_version");
            createDates[i] = row.get("create_date").toString();
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
