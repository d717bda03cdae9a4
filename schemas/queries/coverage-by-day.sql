-- name: coverage-by-day
-- description: Events per cloud, account, region and day, with the hours that had events and the empty days before each (logging gaps).
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT cloud, account, region, day, events, hours_with_events,
       coalesce(date_diff('day', lag(day) OVER (PARTITION BY cloud, account, region ORDER BY day), day) - 1, 0) AS empty_days_before
FROM (SELECT cloud, account, region, CAST(time AS DATE) AS day, count(*) AS events, count(DISTINCT hour(time)) AS hours_with_events
      FROM events
      WHERE time >= $from AND time < $to
      GROUP BY ALL)
ORDER BY cloud, account, region, day
