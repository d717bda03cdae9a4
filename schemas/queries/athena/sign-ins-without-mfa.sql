-- name: sign-ins-without-mfa
-- description: AWS console and Microsoft Entra ID sign-ins that did not use MFA (is_mfa false) or do not say (mfa 'unknown').
-- param 1: the sign-in status to list, as a LIKE pattern: 'Success', 'Failure', or '%' for all.
-- param 2: first day, inclusive, e.g. '2026-01-01'. param 3: last day, exclusive, e.g. '2026-04-01'.
SELECT from_unixtime(time / 1000e0) AS time, metadata.product.name AS source, "user".name AS user_name,
       coalesce(CAST(is_mfa AS varchar), 'unknown') AS mfa, status, src_endpoint.ip AS src_endpoint_ip,
       cloud.account.uid AS cloud_account_uid, metadata.uid AS metadata_uid
FROM events
WHERE class_uid = 3002 AND activity_id = 1
  AND (api.operation = 'ConsoleLogin' OR metadata.product.name = 'Microsoft Entra ID')
  AND coalesce(is_mfa, false) = false
  AND status LIKE ?
  AND p_date >= ? AND p_date < ?
ORDER BY time, metadata_uid
