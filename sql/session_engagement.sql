-- Per-session engagement: how long each session lasted, how much happened in it, and how it began and ended,
-- with the user, device and browser it ran on. One row per session; partition filters keep the scan small.
WITH ordered AS (
    SELECT
        session_id,
        user_id,
        device_type,
        browser,
        event_type,
        page_url,
        event_time,
        duration_ms,
        row_number() OVER (PARTITION BY session_id ORDER BY event_time, sequence_number) AS position_from_start,
        row_number() OVER (PARTITION BY session_id ORDER BY event_time DESC, sequence_number DESC) AS position_from_end
    FROM clickstream_events
    WHERE year = '2024' AND month = '01'
)
SELECT
    session_id,
    max(user_id) AS user_id,
    max(device_type) AS device_type,
    max(browser) AS browser,
    min(event_time) AS session_start,
    max(event_time) AS session_end,
    date_diff('second', min(event_time), max(event_time)) AS session_duration_seconds,
    count(*) AS events,
    count(DISTINCT page_url) AS unique_pages,
    coalesce(sum(duration_ms), 0) AS engaged_ms,
    max(CASE WHEN position_from_start = 1 THEN event_type END) AS entry_event_type,
    max(CASE WHEN position_from_end = 1 THEN event_type END) AS exit_event_type
FROM ordered
GROUP BY session_id
ORDER BY events DESC, session_id
