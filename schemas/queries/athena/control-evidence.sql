-- name: control-evidence
-- description: Every event that evidences one control in a period, with its batch and uid for 'trailnorm prove --uid'.
-- param 1: control, e.g. 'soc2:CC7.2' or 'iso27001-2022:A.8.15' (see schemas/controls.json).
-- param 2: first day, inclusive, e.g. '2026-01-01'. param 3: last day, exclusive, e.g. '2026-04-01'.
SELECT from_unixtime(time / 1000e0) AS time, class_name, api.operation AS api_operation, actor.user.name AS actor_user_name,
       cloud.provider AS cloud_provider, cloud.account.uid AS cloud_account_uid, cloud.region AS cloud_region, status,
       metadata.uid AS metadata_uid, "$path" AS batch
FROM events
WHERE class_uid IS NOT NULL
  AND contains(metadata.labels, 'control:' || ?)
  AND p_date >= ? AND p_date < ?
ORDER BY time, metadata_uid
