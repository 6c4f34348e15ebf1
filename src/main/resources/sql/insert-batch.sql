WITH batch AS (
    SELECT DISTINCT ON (message_id) *
    FROM unnest(CAST(:#message_ids AS varchar[]), CAST(:#user_ids AS varchar[]), CAST(:#device_types AS varchar[]),
                CAST(:#masked_ips AS varchar[]), CAST(:#masked_device_ids AS varchar[]), CAST(:#locales AS varchar[]),
                CAST(:#app_versions AS integer[]), CAST(:#create_dates AS date[]))
        AS b(message_id, user_id, device_type, masked_ip, masked_device_id, locale, app_version, create_date)),
first_delivery AS (
    INSERT INTO login_etl_ledger(message_id) SELECT message_id FROM batch
    ON CONFLICT (message_id) DO NOTHING
    RETURNING message_id)
INSERT INTO user_logins(user_id, device_type, masked_ip, masked_device_id, locale, app_version, create_date)
SELECT b.user_id, b.device_type, b.masked_ip, b.masked_device_id, b.locale, b.app_version, b.create_date
FROM batch b JOIN first_delivery USING (message_id)
