WITH first_delivery AS (
    INSERT INTO login_etl_ledger(message_id) VALUES (:#message_id)
    ON CONFLICT (message_id) DO NOTHING
    RETURNING message_id)
INSERT INTO user_logins(user_id, device_type, masked_ip, masked_device_id, locale, app_version, create_date)
SELECT CAST(:#user_id AS varchar), CAST(:#device_type AS varchar), CAST(:#masked_ip AS varchar),
       CAST(:#masked_device_id AS varchar), CAST(:#locale AS varchar), CAST(:#app_version AS integer),
       CAST(:#create_date AS date)
FROM first_delivery
