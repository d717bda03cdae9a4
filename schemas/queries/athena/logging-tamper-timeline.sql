-- name: logging-tamper-timeline
-- description: Every event tagged incident:logging-tamper (trail, log, diagnostic setting or monitoring impaired), oldest first.
-- param 1: first day, inclusive, e.g. '2026-01-01'. param 2: last day, exclusive, e.g. '2026-04-01'.
SELECT from_unixtime(time / 1000e0) AS time, cloud.account.uid AS cloud_account_uid, cloud.region AS cloud_region,
       actor.user.name AS actor_user_name, api.operation AS api_operation, class_name, status, src_endpoint.ip AS src_endpoint_ip,
       metadata.uid AS metadata_uid
FROM events
WHERE class_uid IS NOT NULL AND contains(metadata.labels, 'incident:logging-tamper') AND p_date >= ? AND p_date < ?
ORDER BY time, metadata_uid
