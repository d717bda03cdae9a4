-- name: failed-sign-ins-by-ip
-- description: Failed sign-ins per source IP: how many, against how many identities, first and last attempt.
-- param: min_failures integer (default 1) Only IPs with at least this many failures.
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT coalesce(src_endpoint_ip, 'unknown') AS src_endpoint_ip, count(*) AS failures, count(DISTINCT user_name) AS identities,
       list(DISTINCT user_name ORDER BY user_name) AS users, min(time) AS first_failure, max(time) AS last_failure
FROM authentication
WHERE status_id = 2 AND time >= $from AND time < $to
GROUP BY ALL
HAVING count(*) >= $min_failures
ORDER BY failures DESC, src_endpoint_ip
