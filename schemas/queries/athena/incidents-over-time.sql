-- name: incidents-over-time
-- description: Events per incident category per period (hour, day, week or month): what happened when, at a glance.
-- param 1: the period, 'hour', 'day', 'week' or 'month'.
-- param 2: first day, inclusive, e.g. '2026-01-01'. param 3: last day, exclusive, e.g. '2026-04-01'.
SELECT period, incident, count(*) AS events
FROM (SELECT date_trunc(?, from_unixtime(time / 1000e0)) AS period, substr(label, 10) AS incident
      FROM events CROSS JOIN UNNEST(metadata.labels) AS labels (label)
      WHERE class_uid IS NOT NULL AND label LIKE 'incident:%' AND p_date >= ? AND p_date < ?) AS tagged
GROUP BY period, incident
ORDER BY period, incident
