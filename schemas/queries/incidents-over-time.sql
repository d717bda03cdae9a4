-- name: incidents-over-time
-- description: Events per incident category per period (hour, day, week or month): what happened when, at a glance.
-- param: period text (default day) The bucket: hour, day, week or month.
-- param: from timestamp (default 1970-01-01) Start of the period, inclusive (ISO 8601, UTC).
-- param: to timestamp (default 9999-12-31) End of the period, exclusive.
SELECT date_trunc($period, time) AS period, incident, count(*) AS events
FROM (SELECT time, unnest(incidents) AS incident FROM events WHERE time >= $from AND time < $to)
GROUP BY ALL
ORDER BY period, incident
