-- name: failed-sign-ins-by-ip
-- description: Failed sign-ins per source IP: how many, against how many identities, first and last attempt.
-- param 1: first day, inclusive, e.g. '2026-01-01'. param 2: last day, exclusive, e.g. '2026-04-01'.
-- param 3: only IPs with at least this many failures, e.g. 1.
SELECT coalesce(src_endpoint.ip, 'unknown') AS src_endpoint_ip, count(*) AS failures, count(DISTINCT "user".name) AS identities,
       array_sort(array_agg(DISTINCT "user".name)) AS users,
       from_unixtime(min(time) / 1000e0) AS first_failure, from_unixtime(max(time) / 1000e0) AS last_failure
FROM events
WHERE class_uid = 3002 AND status_id = 2 AND p_date >= ? AND p_date < ?
GROUP BY coalesce(src_endpoint.ip, 'unknown')
HAVING count(*) >= ?
ORDER BY failures DESC, src_endpoint_ip
