-- name: root-activity
-- description: Activity by the AWS root user or by a break-glass (emergency access) identity, as actor or as the signed-in user.
-- param 1: names of break-glass identities as a case-insensitive LIKE pattern, e.g. '%break-glass%'.
-- param 2: first day, inclusive, e.g. '2026-01-01'. param 3: last day, exclusive, e.g. '2026-04-01'.
SELECT from_unixtime(time / 1000e0) AS time, coalesce(actor.user.name, "user".name) AS identity,
       CASE WHEN actor.user.type = 'Admin' AND actor.user.name = 'root' THEN 'root' ELSE 'break-glass' END AS kind,
       class_name, api.operation AS api_operation, status, src_endpoint.ip AS src_endpoint_ip, cloud.provider AS cloud_provider,
       cloud.account.uid AS cloud_account_uid, metadata.uid AS metadata_uid
FROM events CROSS JOIN (SELECT lower(?) AS pattern) AS break_glass
WHERE class_uid IS NOT NULL
  AND p_date >= ? AND p_date < ?
  AND ((actor.user.type = 'Admin' AND actor.user.name = 'root')
       OR lower(actor.user.name) LIKE break_glass.pattern
       OR lower("user".name) LIKE break_glass.pattern)
ORDER BY time, metadata_uid
