-- name: privilege-changes-by-actor
-- description: Events tagged incident:privilege-change per actor: how many, which operations, first and last.
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT coalesce(actor_user_name, actor_user_uid, 'unknown') AS actor, count(*) AS changes,
       list(DISTINCT api_operation ORDER BY api_operation) AS operations, min(time) AS first_change, max(time) AS last_change
FROM events
WHERE list_contains(incidents, 'privilege-change') AND time >= $from AND time < $to
GROUP BY ALL
ORDER BY changes DESC, actor
