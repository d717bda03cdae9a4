-- name: root-activity
-- description: Activity by the AWS root user or by a break-glass (emergency access) identity, as actor or as the signed-in user.
-- param: break_glass text (default %break-glass%) Names of break-glass identities, as a case-insensitive LIKE pattern.
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT time, coalesce(actor_user_name, json_extract_string(event, '$.user.name')) AS identity,
       CASE WHEN actor_user_type = 'Admin' AND actor_user_name = 'root' THEN 'root' ELSE 'break-glass' END AS kind,
       class_name, api_operation, status, src_endpoint_ip, cloud_provider, cloud_account_uid, metadata_uid
FROM events
WHERE time >= $from AND time < $to
  AND ((actor_user_type = 'Admin' AND actor_user_name = 'root')
       OR actor_user_name ILIKE $break_glass
       OR json_extract_string(event, '$.user.name') ILIKE $break_glass)
ORDER BY time, metadata_uid
