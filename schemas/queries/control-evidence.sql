-- name: control-evidence
-- description: Every event that evidences one control in a period, with its batch and uid for 'trailnorm prove --uid'.
-- param: control text The control as framework:id, e.g. soc2:CC7.2 or iso27001-2022:A.8.15 (see schemas/controls.json).
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT time, incidents, class_name, api_operation, actor_user_name, cloud_provider, cloud_account_uid, cloud_region, status, metadata_uid, batch
FROM events
WHERE list_contains(controls, $control) AND time >= $from AND time < $to
ORDER BY time, metadata_uid
