-- name: privilege-changes-by-actor
-- description: Events tagged incident:privilege-change per actor: how many, which operations, first and last.
-- param 1: first day, inclusive, e.g. '2026-01-01'. param 2: last day, exclusive, e.g. '2026-04-01'.
SELECT coalesce(actor.user.name, actor.user.uid, 'unknown') AS actor, count(*) AS changes,
       array_sort(array_agg(DISTINCT api.operation)) AS operations,
       from_unixtime(min(time) / 1000e0) AS first_change, from_unixtime(max(time) / 1000e0) AS last_change
FROM events
WHERE class_uid IS NOT NULL AND contains(metadata.labels, 'incident:privilege-change') AND p_date >= ? AND p_date < ?
GROUP BY coalesce(actor.user.name, actor.user.uid, 'unknown')
ORDER BY changes DESC, actor
