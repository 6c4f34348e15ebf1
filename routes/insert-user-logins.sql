-- The insert of a batch (and of one row, in the row-by-row retry): each :#name is that field of every row of the
-- batch, as an array: the event's fields as the route left them, plus message_id (the ledger key) and create_date.
-- The message ids go into the ledger first and a row is inserted only for an id that was not there, in the same
-- transaction, so a message SQS delivers again inserts nothing. Read at start-up, from the working directory.
WITH batch AS (
    SELECT DISTINCT ON (message_id) *
    FROM unnest(CAST(:#message_id AS varchar[]), CAST(:#user_id AS varchar[]), CAST(:#device_type AS varchar[]),
                CAST(:#masked_ip AS varchar[]), CAST(:#masked_device_id AS varchar[]), CAST(:#locale AS varchar[]),
                CAST(:#app_version AS integer[]), CAST(:#create_date AS date[]))
        AS b(message_id, user_id, device_type, masked_ip, masked_device_id, locale, app_version, create_date)),
first_delivery AS (
    INSERT INTO login_etl_ledger(message_id) SELECT message_id FROM batch
    ON CONFLICT (message_id) DO NOTHING
    RETURNING message_id)
INSERT INTO user_logins(user_id, device_type, masked_ip, masked_device_id, locale, app_version, create_date)
SELECT b.user_id, b.device_type, b.masked_ip, b.masked_device_id, b.locale, b.app_version, b.create_date
FROM batch b JOIN first_delivery USING (message_id)
