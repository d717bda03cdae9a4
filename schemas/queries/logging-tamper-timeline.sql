-- name: logging-tamper-timeline
-- description: Every event tagged incident:logging-tamper (trail, log, diagnostic setting or monitoring impaired), oldest first.
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT time, cloud_account_uid, cloud_region, actor_user_name, api_operation, class_name, status, src_endpoint_ip, metadata_uid
FROM events
WHERE list_contains(incidents, 'logging-tamper') AND time >= $from AND time < $to
ORDER BY time, metadata_uid
