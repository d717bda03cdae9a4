-- name: coverage-by-day
-- description: Events per cloud, account, region and day, with the hours that had events and the empty days before each (logging gaps).
-- param 1: first day, inclusive, e.g. '2026-01-01'. param 2: last day, exclusive, e.g. '2026-04-01'.
SELECT cloud, account, region, day, events, hours_with_events,
       coalesce(date_diff('day', lag(day) OVER (PARTITION BY cloud, account, region ORDER BY day), day) - 1, 0) AS empty_days_before
FROM (SELECT p_cloud AS cloud, p_account AS account, p_region AS region, CAST(p_date AS DATE) AS day,
             count(*) AS events, count(DISTINCT p_hour) AS hours_with_events
      FROM events
      WHERE class_uid IS NOT NULL AND p_date >= ? AND p_date < ?
      GROUP BY p_cloud, p_account, p_region, p_date) AS days
ORDER BY cloud, account, region, day
