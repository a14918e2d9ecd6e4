-- Sessions, engaged sessions, engagement rate and users per property and day, from the GA4 BigQuery export table.
-- A session is (user_pseudo_id, ga_session_id); it is engaged when any of its events has session_engaged = 1.
-- Add a partition filter (dt = 'YYYY-MM-DD', property_id = '...') to scan only the days you need.
WITH sessions AS (
    SELECT
        property_id,
        dt,
        user_pseudo_id,
        ga_session_id,
        max(coalesce(session_engaged, 0)) AS engaged
    FROM export_events
    WHERE ga_session_id IS NOT NULL AND user_pseudo_id IS NOT NULL
    GROUP BY property_id, dt, user_pseudo_id, ga_session_id
)
SELECT
    property_id,
    dt,
    count(*) AS sessions,
    sum(engaged) AS engaged_sessions,
    round(CAST(sum(engaged) AS double) / count(*), 4) AS engagement_rate,
    count(DISTINCT user_pseudo_id) AS users
FROM sessions
GROUP BY property_id, dt
ORDER BY property_id, dt
