-- name: sign-ins-without-mfa
-- description: AWS console and Microsoft Entra ID sign-ins that did not use MFA (is_mfa false) or do not say (mfa 'unknown').
-- param: outcome text (default Success) The sign-in status to list, as a LIKE pattern: Success, Failure, or % for all.
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT time, metadata_product_name AS source, user_name, coalesce(is_mfa::VARCHAR, 'unknown') AS mfa, status,
       src_endpoint_ip, cloud_account_uid, metadata_uid
FROM authentication
WHERE activity_id = 1
  AND (api_operation = 'ConsoleLogin' OR metadata_product_name = 'Microsoft Entra ID')
  AND is_mfa IS NOT TRUE
  AND status LIKE $outcome
  AND time >= $from AND time < $to
ORDER BY time, metadata_uid
